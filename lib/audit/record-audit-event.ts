import type { Tx } from "../db";
import { auditEventHash, canonicalJson, type HashedAuditFields } from "./hash";
import { auditEventInputSchema, type AuditEventInput } from "./types";

export const INSTANCE_CHAIN = "instance";

/**
 * Append one event to its organisation's chain inside the caller's
 * transaction, so the change and its record commit together or not at all.
 *
 * The chain head row is updated first: on PostgreSQL that row lock
 * serialises concurrent writers of one chain, on SQLite the database write
 * lock does, so sequence numbers never repeat and never skip.
 */
export async function recordAuditEvent(tx: Tx, input: AuditEventInput) {
  const event = auditEventInputSchema.parse(input);
  const { actor } = input;
  const chainKey = event.orgId ?? INSTANCE_CHAIN;

  // ON CONFLICT DO NOTHING, unlike an upsert, cannot fail when two first
  // events of a new chain race: the loser waits, then finds the row.
  await tx.$executeRaw`INSERT INTO "AuditChain" ("key", "lastSeq") VALUES (${chainKey}, 0) ON CONFLICT ("key") DO NOTHING`;
  const head = await tx.auditChain.update({
    where: { key: chainKey },
    data: { lastSeq: { increment: 1 } },
  });

  const fields: HashedAuditFields = {
    chainKey,
    orgId: event.orgId,
    seq: head.lastSeq,
    occurredAt: input.occurredAt ?? new Date(),
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    action: event.action,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    targetLabel: event.target?.label ?? null,
    outcome: event.outcome,
    reason: event.reason ?? null,
    clientIp: actor.clientIp ?? null,
    userAgent: actor.userAgent?.slice(0, 512) ?? null,
    requestId: actor.requestId ?? null,
    metadata: event.metadata ? canonicalJson(event.metadata) : null,
    prevHash: head.lastHash,
  };
  const hash = auditEventHash(fields);

  await tx.auditChain.update({ where: { key: chainKey }, data: { lastHash: hash } });
  return tx.auditEvent.create({ data: { ...fields, hash } });
}
