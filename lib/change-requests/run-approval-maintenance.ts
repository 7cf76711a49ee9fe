import { expireChangeRequests } from "./expire-change-requests";
import { removeExpiredGrants } from "./remove-expired-grants";

/**
 * The periodic work of four-eyes approval, run from the maintenance loop
 * (runAuditMaintenance): expire requests nobody decided within 7 days, and
 * remove time-boxed grants that have ended. Both record what they did.
 */
export async function runApprovalMaintenance(now = new Date()) {
  const expiredRequests = await expireChangeRequests(now);
  const { grants: removedGrants } = await removeExpiredGrants(now);
  return { expiredRequests, removedGrants };
}
