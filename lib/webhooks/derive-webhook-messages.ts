import { db, Prisma, transaction } from "../db";
import { at } from "../clock";
import { WEBHOOK_EVENT_TYPES } from "../schemas/webhook";
import { auditHead, lockCursor } from "./cursor";
import { enqueueWebhookMessages, type MessageCandidate } from "./enqueue-webhook-messages";
import { AUDIT_SOURCES, messagesFromAuditEvents } from "./audit-event-messages";
import { expiringCredentialMessages } from "./expiring-credential-messages";
import { reviewDueMessages } from "./review-due-messages";
import { tokenDeniedSpikeMessages } from "./token-denied-spike-messages";
import { subscribes } from "./present-endpoint";
import { AUDIT_BATCH } from "./policy";

export interface DeriveOptions {
  now?: Date;
  /** Only these organisations, for deriving and for claiming (tests run side by side on one database). */
  orgIds?: string[];
  spike?: { threshold: number; windowMinutes: number };
}

/**
 * The outbox: turn what happened into webhook messages, for every
 * organisation with an enabled endpoint. Event-driven types come from the
 * audit trail past the organisation's cursor (the trail commits with the
 * change it records, so nothing is lost), state-driven ones (expiry,
 * overdue review, denial spikes) from the current state; each message has a
 * dedupe key, and the cursor advances in the same transaction that writes
 * the messages, so nothing is made twice, whichever instance runs it.
 */
export async function deriveWebhookMessages(options: DeriveOptions = {}) {
  const now = at(options.now);
  const endpoints = await db().webhookEndpoint.findMany({
    where: { disabledAt: null, ...(options.orgIds ? { orgId: { in: options.orgIds } } : {}) },
    select: { id: true, orgId: true, events: true },
  });
  const byOrg = new Map<string, typeof endpoints>();
  for (const e of endpoints) byOrg.set(e.orgId, [...(byOrg.get(e.orgId) ?? []), e]);
  const report = { messages: 0, failed: [] as { orgId: string; error: string }[] };
  for (const [orgId, listening] of byOrg) {
    try {
      report.messages += (await deriveForOrg(orgId, listening, now, options)).length;
    } catch (e) {
      // Another instance created this organisation's cursor at the same moment: it did this pass.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") continue;
      report.failed.push({ orgId, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return report;
}

async function deriveForOrg(orgId: string, endpoints: { id: string; events: string | null }[], now: Date, options: DeriveOptions) {
  const org = await db().organization.findUniqueOrThrow({ where: { id: orgId } });
  const wanted = new Set<string>(WEBHOOK_EVENT_TYPES.filter((t) => endpoints.some((e) => subscribes(e, t))));
  const fromState: MessageCandidate[] = [
    ...(wanted.has("credential.expiring") ? await expiringCredentialMessages(orgId, now) : []),
    ...(wanted.has("access_review.due") ? await reviewDueMessages(org, now) : []),
    ...(wanted.has("token.denied_spike") ? await tokenDeniedSpikeMessages(orgId, now, options.spike) : []),
  ];
  const actions = [...wanted].flatMap((t) => AUDIT_SOURCES[t] ?? []);
  return transaction(async (tx) => {
    const cursor = await lockCursor(tx, orgId);
    const upTo = Math.min(await auditHead(tx, orgId), cursor + AUDIT_BATCH);
    const events =
      upTo > cursor && actions.length
        ? await tx.auditEvent.findMany({ where: { chainKey: orgId, seq: { gt: cursor, lte: upTo }, action: { in: actions } }, orderBy: { seq: "asc" } })
        : [];
    const fromAudit = await messagesFromAuditEvents(tx, events, wanted);
    const created = await enqueueWebhookMessages(tx, org, [...fromAudit, ...fromState], endpoints, now);
    if (upTo > cursor) await tx.webhookCursor.update({ where: { orgId }, data: { lastSeq: upTo } });
    return created;
  });
}
