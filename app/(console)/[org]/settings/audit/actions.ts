"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/action";
import { setAuditRetention } from "@/lib/audit/set-audit-retention";

// Thin adapter: setAuditRetention authorises the acting user itself (OWNER).
export async function setAuditRetentionAction(orgSlug: string, _prev: ActionResult<number | null> | null, form: FormData) {
  const keepAll = form.get("mode") !== "days";
  const result = await runAction(async (actor) => {
    const org = await setAuditRetention(actor, orgSlug, { days: keepAll ? null : String(form.get("days") ?? "") });
    return org.auditRetentionDays;
  });
  if (result.ok) revalidatePath(`/${orgSlug}/settings/audit`);
  return result;
}
