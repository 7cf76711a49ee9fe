import type { Tx } from "../db";
import type { Actor } from "../audit/types";
import { recordAuditEvent } from "../audit/record-audit-event";
import { randomBase62 } from "../credentials/format";
import type { ChangeRequestKind, ChangeRequestPayload } from "./payload";
import { principalOf } from "./principal";
import { CHANGE_REQUEST_TTL_MS } from "./policy";
import { presentChangeRequest } from "./present-change-request";

export interface ChangeTarget {
  type: "service_account" | "scope" | "organization";
  /** clientId, scope name or organisation id */
  id: string;
  label: string;
}

export interface OpenChangeRequestInput {
  orgId: string;
  actor: Actor;
  kind: ChangeRequestKind;
  target: ChangeTarget;
  payload: ChangeRequestPayload;
  /** The target's version now: approving after it moved is refused. */
  baseVersion: string;
  /** A credential that exists only once approved (an API key): its keyed hash and hint. */
  credential?: { hash: string; hint: string };
  now: Date;
}

/** Ids name requests in URLs and CLI arguments: short, unguessable, recognisable. */
export const newChangeRequestId = () => `cr_${randomBase62(20)}`;

/**
 * Hold a change back for approval, inside the transaction of the domain
 * function that was about to make it (which authorised the requester and
 * decided approval applies). The request and its `requested` event commit
 * together; nothing else changes.
 */
export async function openChangeRequest(tx: Tx, input: OpenChangeRequestInput) {
  const { orgId, actor, kind, target, payload, now } = input;
  const requester = await principalOf(tx, actor);
  const id = newChangeRequestId();
  const requested = await recordAuditEvent(tx, {
    orgId,
    occurredAt: now,
    action: "change_request.requested",
    actor,
    target,
    metadata: { changeRequestId: id, kind, summary: payload.summary, changes: payload.changes, grantForSeconds: payload.grantForSeconds ?? null },
  });
  const row = await tx.changeRequest.create({
    data: {
      id,
      orgId,
      kind,
      targetType: target.type,
      targetId: target.id,
      targetLabel: target.label,
      payload: JSON.stringify(payload),
      baseVersion: input.baseVersion,
      requestedBy: requester.key,
      requestedByType: requester.type,
      requestedByLabel: requester.label,
      requestedAt: now,
      requestedEventId: requested.id,
      requestedSeq: requested.seq,
      expiresAt: new Date(now.getTime() + CHANGE_REQUEST_TTL_MS),
      credentialHash: input.credential?.hash,
      credentialHint: input.credential?.hint,
    },
  });
  return presentChangeRequest(row);
}
