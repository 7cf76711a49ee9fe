"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import { approveChangeRequest } from "@/lib/change-requests/approve-change-request";
import { rejectChangeRequest } from "@/lib/change-requests/reject-change-request";
import { withdrawChangeRequest } from "@/lib/change-requests/withdraw-change-request";

// Thin adapters: each domain function authorises the acting user itself
// (approve/reject: an ADMIN or OWNER who is not the requester; withdraw:
// the requester) and finds the request inside the organisation only.

function revalidateRequests(orgSlug: string) {
  revalidatePath(`/${orgSlug}/requests`, "layout");
  // An approval changes an account, a scope or a setting.
  revalidatePath(`/${orgSlug}`, "layout");
}

export async function approveChangeRequestAction(orgSlug: string, id: string) {
  const result = await runAction((actor) => approveChangeRequest(actor, orgSlug, id));
  if (result.ok) revalidateRequests(orgSlug);
  return result;
}

export async function rejectChangeRequestAction(orgSlug: string, id: string, input: { comment?: string }) {
  const result = await runAction((actor) => rejectChangeRequest(actor, orgSlug, id, input));
  if (result.ok) revalidateRequests(orgSlug);
  return result;
}

export async function withdrawChangeRequestAction(orgSlug: string, id: string) {
  const result = await runAction((actor) => withdrawChangeRequest(actor, orgSlug, id));
  if (result.ok) revalidateRequests(orgSlug);
  return result;
}
