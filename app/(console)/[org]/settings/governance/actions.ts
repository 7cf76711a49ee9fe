"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import { updateOrganizationSettings } from "@/lib/orgs/update-organization-settings";

// Thin adapter: updateOrganizationSettings authorises the acting user itself (OWNER).
export async function setRequireApprovalAction(orgSlug: string, requireApproval: boolean) {
  const result = await runAction(async (actor) => {
    const updated = await updateOrganizationSettings(actor, orgSlug, { requireApproval });
    return { requireApproval: updated.settings.requireApproval, changeRequestId: ("changeRequest" in updated && updated.changeRequest?.id) || null };
  });
  if (result.ok) revalidatePath(`/${orgSlug}`, "layout");
  return result;
}
