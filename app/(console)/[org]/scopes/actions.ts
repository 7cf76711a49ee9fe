"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import { createScope } from "@/lib/scopes/create-scope";
import { updateScope } from "@/lib/scopes/update-scope";
import { deleteScope } from "@/lib/scopes/delete-scope";

// Thin adapters: each domain function authorises the acting user itself (ADMIN).

function revalidateScopes(orgSlug: string) {
  revalidatePath(`/${orgSlug}/scopes`);
  // The scope picker and the list's scope filter read the catalog too.
  revalidatePath(`/${orgSlug}/service-accounts`, "layout");
}

export async function createScopeAction(orgSlug: string, input: { name: string; description?: string; highRisk?: boolean }) {
  const result = await runAction(async (actor) => {
    const scope = await createScope(actor, orgSlug, input);
    return { name: scope.name, description: scope.description, highRisk: scope.highRisk };
  });
  if (result.ok) revalidateScopes(orgSlug);
  return result;
}

export async function updateScopeAction(orgSlug: string, scopeName: string, input: { description?: string; highRisk?: boolean }) {
  const result = await runAction(async (actor) => {
    const scope = await updateScope(actor, orgSlug, scopeName, input);
    // Clearing the high-risk flag may wait for approval: nothing changed then.
    return { name: scope.name, description: scope.description, highRisk: scope.highRisk, changeRequestId: scope.changeRequest?.id ?? null };
  });
  if (result.ok) revalidateScopes(orgSlug);
  return result;
}

export async function deleteScopeAction(orgSlug: string, scopeName: string) {
  const result = await runAction((actor) => deleteScope(actor, orgSlug, scopeName));
  if (result.ok) revalidateScopes(orgSlug);
  return result;
}
