import type { AuditEvent, Tx } from "../db";
import type { MessageCandidate } from "./enqueue-webhook-messages";

/** The audit actions some event type is derived from, by the type. */
export const AUDIT_SOURCES: Record<string, string> = {
  "service_account.deactivated": "service_account.deactivated",
  // Recorded by openChangeRequest (lib/change-requests) when a change waits for approval.
  "change_request.created": "change_request.requested",
  "secret.used_after_rotation": "token.issued",
};

const meta = (e: AuditEvent): Record<string, unknown> => (e.metadata ? (JSON.parse(e.metadata) as Record<string, unknown>) : {});
const source = (e: AuditEvent) => ({ auditEventId: e.id, seq: e.seq, occurredAt: e.occurredAt.toISOString() });
const actorOf = (e: AuditEvent) => ({ type: e.actorType, label: e.actorLabel });

/**
 * Messages for the audit events past the cursor. Each event makes at most
 * one message, keyed by its sequence number; a rotated-out secret's use is
 * keyed by the secret, so it is announced once however often it is used.
 * Only fields named here leave: never the event's whole metadata.
 */
export async function messagesFromAuditEvents(tx: Tx, events: AuditEvent[], wanted: ReadonlySet<string>): Promise<MessageCandidate[]> {
  const out: MessageCandidate[] = [];
  const tokenUses: { event: AuditEvent; secretId: string }[] = [];
  for (const e of events) {
    if (e.action === "service_account.deactivated" && wanted.has("service_account.deactivated")) {
      out.push({
        type: "service_account.deactivated",
        dedupeKey: `audit:${e.seq}`,
        data: { serviceAccount: { clientId: e.targetId, name: e.targetLabel }, actor: actorOf(e), ...source(e) },
      });
    } else if (e.action === "change_request.requested" && wanted.has("change_request.created")) {
      const m = meta(e);
      out.push({
        type: "change_request.created",
        dedupeKey: `audit:${e.seq}`,
        data: { changeRequestId: typeof m.changeRequestId === "string" ? m.changeRequestId : null, target: { type: e.targetType, id: e.targetId, label: e.targetLabel }, requestedBy: actorOf(e), ...source(e) },
      });
    } else if (e.action === "token.issued" && e.outcome === "success" && wanted.has("secret.used_after_rotation")) {
      const secretId = meta(e).secretId;
      if (typeof secretId === "string") tokenUses.push({ event: e, secretId });
    }
  }
  return [...out, ...(await rotatedSecretUses(tx, tokenUses))];
}

/** Token requests made with a secret after a newer secret of the same account was issued: the old one is still in use during its grace period. */
async function rotatedSecretUses(tx: Tx, uses: { event: AuditEvent; secretId: string }[]): Promise<MessageCandidate[]> {
  if (uses.length === 0) return [];
  const used = await tx.clientSecret.findMany({
    where: { id: { in: [...new Set(uses.map((u) => u.secretId))] } },
    select: { id: true, serviceAccountId: true, createdAt: true, expiresAt: true, serviceAccount: { select: { clientId: true, name: true } } },
  });
  const siblings = await tx.clientSecret.findMany({
    where: { serviceAccountId: { in: [...new Set(used.map((s) => s.serviceAccountId))] } },
    select: { id: true, serviceAccountId: true, createdAt: true },
  });
  const out: MessageCandidate[] = [];
  const announced = new Set<string>();
  for (const { event, secretId } of uses) {
    const secret = used.find((s) => s.id === secretId);
    if (!secret || announced.has(secretId)) continue;
    const newer = siblings
      .filter((s) => s.serviceAccountId === secret.serviceAccountId && s.createdAt > secret.createdAt && s.createdAt <= event.occurredAt)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    if (!newer) continue;
    announced.add(secretId);
    out.push({
      type: "secret.used_after_rotation",
      dedupeKey: `secret.used_after_rotation:${secretId}`,
      data: {
        serviceAccount: secret.serviceAccount,
        secret: { id: secret.id, createdAt: secret.createdAt.toISOString(), expiresAt: secret.expiresAt?.toISOString() ?? null },
        newerSecret: { id: newer.id, createdAt: newer.createdAt.toISOString() },
        ...source(event),
      },
    });
  }
  return out;
}
