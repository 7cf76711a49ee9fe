import type { Tx } from "../db";
import { randomToken } from "../crypto/random";
import { subscribes } from "./present-endpoint";

/** An event to announce, before it becomes a message. `data` never holds a secret, a token or a hash. */
export interface MessageCandidate {
  type: string;
  /** What made it; a candidate whose key already has a message is dropped, so nothing is sent twice. */
  dedupeKey: string;
  data: Record<string, unknown>;
}

/**
 * Turn candidates into messages and their due deliveries, one per enabled
 * endpoint that subscribes to the type, inside the caller's transaction
 * (which holds the organisation's cursor lock, so two instances cannot
 * both decide a key is new). A candidate nobody subscribes to is dropped.
 */
export async function enqueueWebhookMessages(
  tx: Tx,
  org: { id: string; slug: string },
  candidates: MessageCandidate[],
  endpoints: { id: string; events: string | null }[],
  now: Date,
): Promise<string[]> {
  if (candidates.length === 0) return [];
  const keys = [...new Set(candidates.map((c) => c.dedupeKey))];
  const existing = await tx.webhookMessage.findMany({ where: { orgId: org.id, dedupeKey: { in: keys } }, select: { dedupeKey: true } });
  const seen = new Set(existing.map((m) => m.dedupeKey));
  const created: string[] = [];
  for (const candidate of candidates) {
    if (seen.has(candidate.dedupeKey)) continue;
    seen.add(candidate.dedupeKey);
    const recipients = endpoints.filter((e) => subscribes(e, candidate.type));
    if (recipients.length === 0) continue;
    const id = await insertMessage(tx, org, candidate, now);
    await tx.webhookDelivery.createMany({ data: recipients.map((e) => ({ orgId: org.id, messageId: id, endpointId: e.id, nextAttemptAt: now })) });
    created.push(id);
  }
  return created;
}

/** One message in the Standard Webhooks shape `{ type, timestamp, data }`; its id is the `webhook-id` of every attempt. */
export async function insertMessage(tx: Tx, org: { id: string; slug: string }, candidate: MessageCandidate, now: Date): Promise<string> {
  const id = `msg_${randomToken(18)}`;
  const payload = JSON.stringify({ type: candidate.type, timestamp: now.toISOString(), data: { organization: org.slug, ...candidate.data } });
  await tx.webhookMessage.create({ data: { id, orgId: org.id, type: candidate.type, payload, dedupeKey: candidate.dedupeKey, createdAt: now } });
  return id;
}
