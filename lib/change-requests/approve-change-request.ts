import { Prisma, transaction, type Tx } from "../db";
import { at } from "../clock";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { applyChangeRequest } from "./apply-change-request";
import { findChangeRequest } from "./find-change-request";
import { readPayload } from "./payload";
import { presentChangeRequest } from "./present-change-request";
import { credentialIssuers } from "./credential-issuers";
import { principalOf } from "./principal";

const MACHINE = "service_account:";
import { requestedEvent, settleChangeRequest } from "./settle-change-request";

/**
 * Approve a change request and apply its change, in one transaction with
 * both events: `change_request.approved` (naming the `requested` event) and
 * `change_request.applied` (naming the approval, with what changed). The
 * approver is an ADMIN or OWNER, a service account holding
 * tessera:change-requests:approve, or the operator, and never the requester.
 * A request whose target changed since is refused and nothing is written.
 */
export async function approveChangeRequest(actor: Actor, orgSlug: string, id: string, now?: Date) {
  const { org } = await authorizeOrg(actor, orgSlug, "change-requests:approve");
  const when = at(now);
  return transaction(async (tx) => {
    try {
      return await approveIn(tx, actor, org.id, id, when);
    } catch (e) {
      // A rename in the request collides with a name taken since: the change no longer applies.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
        throw new AppError("conflict", "This request no longer applies: a name it sets is taken now. Reject it, and request the change again.");
      }
      throw e;
    }
  });
}

/** The approval itself, inside the caller's transaction: refuse the requester, settle, record, apply, record. */
async function approveIn(tx: Tx, actor: Actor, orgId: string, id: string, when: Date) {
  const cr = await findChangeRequest(tx, orgId, id);
  const approver = await principalOf(tx, actor);
  if (approver.key === cr.requestedBy) {
    throw new AppError("forbidden", "You requested this change, so someone else must approve it (four-eyes)");
  }
  // Nor through a machine credential: the requester approving with a bot whose
  // credential they were handed, or a person approving what was asked with a
  // credential they issued.
  const machine = (key: string) => (key.startsWith(MACHINE) ? key.slice(MACHINE.length) : null);
  const approverMachine = machine(approver.key);
  const requesterMachine = machine(cr.requestedBy);
  if (approverMachine && (await credentialIssuers(tx, orgId, approverMachine)).has(cr.requestedBy)) {
    throw new AppError("forbidden", "The requester was handed a credential of this service account, so it cannot approve their request (four-eyes)");
  }
  if (requesterMachine && (await credentialIssuers(tx, orgId, requesterMachine)).has(approver.key)) {
    throw new AppError("forbidden", "You issued a credential of the service account that requested this change, so someone else must approve it (four-eyes)");
  }
  const settled = await settleChangeRequest(tx, cr, "approved", approver, when);
  const payload = readPayload(cr.payload);
  const target = { type: cr.targetType, id: cr.targetId, label: cr.targetLabel };
  const approved = await recordAuditEvent(tx, {
    orgId,
    occurredAt: when,
    action: "change_request.approved",
    actor,
    target,
    metadata: { ...requestedEvent(cr), kind: cr.kind },
  });
  const change = await applyChangeRequest(tx, orgId, cr, payload, actor, when);
  await recordAuditEvent(tx, {
    orgId,
    occurredAt: when,
    action: "change_request.applied",
    actor,
    target,
    metadata: { changeRequestId: cr.id, kind: cr.kind, approvedEventId: approved.id, approvedSeq: approved.seq, ...change },
  });
  return presentChangeRequest(settled);
}
