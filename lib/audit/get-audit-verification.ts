import type { Actor } from "./types";
import { authorizeOrg } from "../authz";
import { AppError } from "../errors";
import { auditVerificationRefSchema } from "../schemas/audit-verification";
import { parseInput } from "../validation";
import { findVerificationJob, type VerificationJobView } from "./verification-jobs";

/** Progress or result of a verification started by startAuditVerification in this organisation. */
export async function getAuditVerification(actor: Actor, orgSlug: string, input: string): Promise<VerificationJobView> {
  const { jobId } = parseInput(auditVerificationRefSchema, { jobId: input });
  const { org } = await authorizeOrg(actor, orgSlug, "audit:read");
  const job = findVerificationJob(org.id, jobId);
  // Unknown also after a restart, or when the poll reached another server process.
  if (!job) throw new AppError("not_found", "This verification is no longer known; run it again");
  return job;
}
