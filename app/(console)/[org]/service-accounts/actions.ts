"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import { createServiceAccount } from "@/lib/service-accounts/create-service-account";
import type { CreateServiceAccountInput } from "@/lib/schemas/service-account";

/**
 * The only place the console sees a new client secret: it is returned to the
 * calling browser once, as this action's result, and kept nowhere else.
 */
export async function createServiceAccountAction(orgSlug: string, input: CreateServiceAccountInput) {
  const result = await runAction(async (actor) => {
    const created = await createServiceAccount(actor, orgSlug, input);
    // With approval on, the high-risk scopes wait: the dialog says which, and links to the request.
    const waiting = created.changeRequest ? { id: created.changeRequest.id, summary: created.changeRequest.summary } : null;
    return { clientId: created.clientId, clientSecret: created.clientSecret, name: created.name, audiences: created.audiences, waiting };
  });
  if (result.ok) revalidatePath(`/${orgSlug}/service-accounts`);
  return result;
}
