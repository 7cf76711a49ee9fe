"use server";

import { runAction } from "@/lib/action";
import { startAuditVerification } from "@/lib/audit/start-audit-verification";
import { getAuditVerification } from "@/lib/audit/get-audit-verification";

// Thin adapters: both domain functions authorise the acting user themselves (REVIEWER).
export async function startAuditVerificationAction(orgSlug: string, from: "checkpoint" | "start") {
  return runAction((actor) => startAuditVerification(actor, orgSlug, { from }));
}

export async function auditVerificationProgressAction(orgSlug: string, jobId: string) {
  return runAction((actor) => getAuditVerification(actor, orgSlug, jobId));
}
