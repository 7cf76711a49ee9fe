import { transaction } from "../db";
import { at } from "../clock";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { findChangeRequest } from "./find-change-request";
import { presentChangeRequest } from "./present-change-request";
import { principalOf } from "./principal";
import { requestedEvent, settleChangeRequest } from "./settle-change-request";

/** The requester takes their pending request back; nothing changes. Only the requester may. */
export async function withdrawChangeRequest(actor: Actor, orgSlug: string, id: string, now?: Date) {
  const { org } = await authorizeOrg(actor, orgSlug, "service-accounts:read");
  const when = at(now);
  return transaction(async (tx) => {
    const cr = await findChangeRequest(tx, org.id, id);
    const me = await principalOf(tx, actor);
    if (me.key !== cr.requestedBy) throw new AppError("forbidden", "Only the requester can withdraw a change request; approvers reject it");
    const settled = await settleChangeRequest(tx, cr, "withdrawn", me, when);
    await recordAuditEvent(tx, {
      orgId: org.id,
      occurredAt: when,
      action: "change_request.withdrawn",
      actor,
      target: { type: cr.targetType, id: cr.targetId, label: cr.targetLabel },
      metadata: requestedEvent(cr),
    });
    return presentChangeRequest(settled);
  });
}
