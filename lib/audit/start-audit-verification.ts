import type { z } from "zod";
import type { Actor } from "./types";
import { authorizeOrg } from "../authz";
import { startAuditVerificationSchema } from "../schemas/audit-verification";
import { parseInput } from "../validation";
import { startVerificationJob, type VerificationJobView } from "./verification-jobs";
import { verifyOrgAuditChain } from "./verify-audit-chain";

/**
 * The console's "Verify integrity": start verifying the organisation's
 * audit chain in the background and answer at once with the job, which the
 * page polls (getAuditVerification) for progress and the result. By default
 * the walk starts after the newest signed checkpoint; `from: "start"` walks
 * the whole chain. While one verification of the organisation runs, another
 * request joins it (`joined`), so clicks cannot pile up walks over one chain.
 */
export async function startAuditVerification(
  actor: Actor,
  orgSlug: string,
  input: z.input<typeof startAuditVerificationSchema> = {},
): Promise<{ job: VerificationJobView; joined: boolean }> {
  const { from } = parseInput(startAuditVerificationSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "audit:read");
  return startVerificationJob(org.id, from, (onProgress) => verifyOrgAuditChain(org.id, { from, onProgress }));
}
