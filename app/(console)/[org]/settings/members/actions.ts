"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import { createInvitation } from "@/lib/members/create-invitation";
import { revokeInvitation } from "@/lib/members/revoke-invitation";
import { changeMemberRole } from "@/lib/members/change-member-role";
import { removeMember } from "@/lib/members/remove-member";

// Thin adapters: each domain function authorises the acting user itself.

export async function inviteMemberAction(orgSlug: string, form: FormData) {
  const result = await runAction(async (actor) => {
    const invitation = await createInvitation(actor, orgSlug, {
      role: form.get("role") as "OWNER" | "ADMIN" | "REVIEWER",
      email: (form.get("email") as string) || undefined,
      ttlHours: Number(form.get("ttlHours")) || undefined,
    });
    return { url: invitation.url, expiresAt: invitation.expiresAt.toISOString(), role: invitation.role };
  });
  if (result.ok) revalidatePath(`/${orgSlug}/settings/members`);
  return result;
}

export async function revokeInvitationAction(orgSlug: string, invitationId: string) {
  const result = await runAction((actor) => revokeInvitation(actor, orgSlug, invitationId));
  if (result.ok) revalidatePath(`/${orgSlug}/settings/members`);
  return result;
}

export async function changeMemberRoleAction(orgSlug: string, membershipId: string, role: string) {
  const result = await runAction(async (actor) => {
    await changeMemberRole(actor, orgSlug, { membershipId, role: role as "OWNER" });
  });
  if (result.ok) revalidatePath(`/${orgSlug}/settings/members`);
  return result;
}

export async function removeMemberAction(orgSlug: string, membershipId: string) {
  const result = await runAction((actor) => removeMember(actor, orgSlug, membershipId));
  if (result.ok) revalidatePath(`/${orgSlug}/settings/members`);
  return result;
}
