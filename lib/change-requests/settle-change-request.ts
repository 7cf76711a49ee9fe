import type { ChangeRequest, Tx } from "../db";
import { AppError } from "../errors";
import type { ChangeRequestStatus } from "../schemas/change-request";
import type { Principal } from "./principal";

/**
 * Move a pending request to its final status, once: a compare-and-set on
 * `pending`, so two deciders racing (two approvers, an approval and a
 * withdrawal, the expiry job) cannot both win. A request past its 7 days is
 * refused even before the maintenance loop has marked it expired. The
 * waiting credential hash (an API key request) is dropped with any decision:
 * an approved key keeps it on ApiKey, any other outcome never needs it.
 */
export async function settleChangeRequest(
  tx: Tx,
  cr: ChangeRequest,
  status: Exclude<ChangeRequestStatus, "pending">,
  decider: Principal,
  when: Date,
  comment?: string | null,
): Promise<ChangeRequest> {
  if (cr.status !== "pending") throw new AppError("conflict", `This request is already ${cr.status}`);
  if (status !== "expired" && cr.expiresAt <= when) throw new AppError("conflict", `This request expired at ${cr.expiresAt.toISOString()}; request the change again`);
  const { count } = await tx.changeRequest.updateMany({
    where: { id: cr.id, status: "pending" },
    data: {
      status,
      decidedBy: decider.key,
      decidedByType: decider.type,
      decidedByLabel: decider.label,
      decidedAt: when,
      comment: comment || null,
      credentialHash: null,
      credentialHint: null,
    },
  });
  if (count !== 1) throw new AppError("conflict", "This request was decided meanwhile; reload it");
  return tx.changeRequest.findUniqueOrThrow({ where: { id: cr.id } });
}

/** The `requested` event every later event of a request names. */
export const requestedEvent = (cr: ChangeRequest) => ({ changeRequestId: cr.id, requestedEventId: cr.requestedEventId, requestedSeq: cr.requestedSeq });
