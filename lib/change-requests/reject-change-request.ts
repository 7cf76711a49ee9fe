import { transaction } from "../db";
import { at } from "../clock";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { rejectChangeRequestSchema, type RejectChangeRequestInput } from "../schemas/change-request";
import { parseInput } from "../validation";
import { findChangeRequest } from "./find-change-request";
import { presentChangeRequest } from "./present-change-request";
import { principalOf } from "./principal";
import { requestedEvent, settleChangeRequest } from "./settle-change-request";

/**
 * Reject a change request: nothing changes, and the decision (with an
 * optional comment for the requester) is an audit event naming the request.
 * Deciding is the approvers' job; the requester withdraws instead.
 */
export async function rejectChangeRequest(actor: Actor, orgSlug: string, id: string, input: RejectChangeRequestInput = {}, now?: Date) {
  const { comment } = parseInput(rejectChangeRequestSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "change-requests:approve");
  const when = at(now);
  return transaction(async (tx) => {
    const cr = await findChangeRequest(tx, org.id, id);
    const decider = await principalOf(tx, actor);
    if (decider.key === cr.requestedBy) throw new AppError("forbidden", "You requested this change: withdraw it instead of rejecting it");
    const settled = await settleChangeRequest(tx, cr, "rejected", decider, when, comment);
    await recordAuditEvent(tx, {
      orgId: org.id,
      occurredAt: when,
      action: "change_request.rejected",
      actor,
      target: { type: cr.targetType, id: cr.targetId, label: cr.targetLabel },
      metadata: { ...requestedEvent(cr), comment: comment || null },
    });
    return presentChangeRequest(settled);
  });
}
