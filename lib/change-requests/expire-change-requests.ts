import { db, transaction } from "../db";
import { isAppError } from "../errors";
import { systemActor } from "../audit/types";
import { recordAuditEvent } from "../audit/record-audit-event";
import { requestedEvent, settleChangeRequest } from "./settle-change-request";

const SYSTEM = { key: "system", type: "system" as const, label: systemActor.label };

/**
 * Mark every pending request past its 7 days expired, each with its own
 * `change_request.expired` event (system actor) in its own transaction.
 * Run by the maintenance loop; several instances may run it at once: the
 * compare-and-set in settleChangeRequest lets one of them win per request.
 */
export async function expireChangeRequests(now = new Date()): Promise<number> {
  const due = await db().changeRequest.findMany({ where: { status: "pending", expiresAt: { lte: now } }, orderBy: { expiresAt: "asc" }, take: 500 });
  let expired = 0;
  for (const cr of due) {
    try {
      await transaction(async (tx) => {
        await settleChangeRequest(tx, cr, "expired", SYSTEM, now);
        await recordAuditEvent(tx, {
          orgId: cr.orgId,
          occurredAt: now,
          action: "change_request.expired",
          actor: systemActor,
          target: { type: cr.targetType, id: cr.targetId, label: cr.targetLabel },
          metadata: requestedEvent(cr),
        });
      });
      expired++;
    } catch (e) {
      // Decided meanwhile (approved, withdrawn, or another instance expired it): nothing to do.
      if (!isAppError(e)) throw e;
    }
  }
  return expired;
}
