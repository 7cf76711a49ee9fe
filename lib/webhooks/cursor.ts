import type { Tx } from "../db";

/** The organisation's audit head: the newest committed sequence number. */
export async function auditHead(tx: Tx, orgId: string): Promise<number> {
  return (await tx.auditChain.findUnique({ where: { key: orgId }, select: { lastSeq: true } }))?.lastSeq ?? 0;
}

/**
 * Lock the organisation's outbox cursor for the rest of the transaction and
 * read it (PostgreSQL row lock; SQLite holds the write lock): two instances
 * deriving at once take turns, and the second starts where the first
 * stopped. A first pass starts at the head: history from before any
 * endpoint existed is not announced. When two instances create it at the
 * same moment, the second fails on the primary key (and skips this pass).
 */
export async function lockCursor(tx: Tx, orgId: string): Promise<number> {
  const locked = await tx.$executeRaw`UPDATE "WebhookCursor" SET "lastSeq" = "lastSeq" WHERE "orgId" = ${orgId}`;
  if (locked) return (await tx.webhookCursor.findUniqueOrThrow({ where: { orgId } })).lastSeq;
  const head = await auditHead(tx, orgId);
  await tx.webhookCursor.create({ data: { orgId, lastSeq: head } });
  return head;
}

/**
 * When an organisation gets its first enabled endpoint (created, or enabled
 * again), the cursor moves to the head: events from while nobody listened
 * are not sent late to the newcomer.
 */
export async function startCursorIfIdle(tx: Tx, orgId: string, exceptEndpointId: string): Promise<void> {
  const listening = await tx.webhookEndpoint.count({ where: { orgId, disabledAt: null, id: { not: exceptEndpointId } } });
  if (listening) return;
  const head = await auditHead(tx, orgId);
  await tx.webhookCursor.upsert({ where: { orgId }, create: { orgId, lastSeq: head }, update: { lastSeq: head } });
}
