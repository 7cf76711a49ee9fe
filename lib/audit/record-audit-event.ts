import type { Tx } from "../db";
import { auditEventHash, canonicalJson, type HashedAuditFields } from "./hash";
import { auditEventInputSchema, type AuditEventInput } from "./types";

export const INSTANCE_CHAIN = "instance";

type Unchained = Omit<HashedAuditFields, "seq" | "prevHash">;

function prepare(input: AuditEventInput): Unchained {
  const event = auditEventInputSchema.parse(input);
  const { actor } = input;
  return {
    chainKey: event.orgId ?? INSTANCE_CHAIN,
    orgId: event.orgId,
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
  };
}

/**
 * Reserve `count` sequence numbers on a chain and learn the hash to link
 * from. The head row is updated before anything else: on PostgreSQL that row
 * lock serialises concurrent writers of one chain, on SQLite the database
 * write lock does, so sequence numbers never repeat and never skip.
 */
async function reserve(tx: Tx, chainKey: string, count: number) {
  // ON CONFLICT DO NOTHING, unlike an upsert, cannot fail when two first
  // events of a new chain race: the loser waits, then finds the row.
  await tx.$executeRaw`INSERT INTO "AuditChain" ("key", "lastSeq") VALUES (${chainKey}, 0) ON CONFLICT ("key") DO NOTHING`;
  const head = await tx.auditChain.update({ where: { key: chainKey }, data: { lastSeq: { increment: count } } });
  return { firstSeq: head.lastSeq - count + 1, prevHash: head.lastHash };
}

function link(events: Unchained[], firstSeq: number, prevHash: string | null) {
  let prev = prevHash;
  return events.map((e, i) => {
    const fields: HashedAuditFields = { ...e, seq: firstSeq + i, prevHash: prev };
    const hash = auditEventHash(fields);
    prev = hash;
    return { ...fields, hash };
  });
}

/**
 * Append one event to its organisation's chain inside the caller's
 * transaction, so the change and its record commit together or not at all.
 */
export async function recordAuditEvent(tx: Tx, input: AuditEventInput) {
  const event = prepare(input);
  const { firstSeq, prevHash } = await reserve(tx, event.chainKey, 1);
  const [row] = link([event], firstSeq, prevHash);
  await tx.auditChain.update({ where: { key: event.chainKey }, data: { lastHash: row!.hash } });
  return tx.auditEvent.create({ data: row! });
}

/** Append many events in one go: a few statements per chain, whatever the count. */
export async function recordAuditEvents(tx: Tx, inputs: AuditEventInput[]): Promise<void> {
  const byChain = new Map<string, Unchained[]>();
  for (const input of inputs) {
    const event = prepare(input);
    byChain.set(event.chainKey, [...(byChain.get(event.chainKey) ?? []), event]);
  }
  for (const [chainKey, events] of byChain) {
    const { firstSeq, prevHash } = await reserve(tx, chainKey, events.length);
    const rows = link(events, firstSeq, prevHash);
    await tx.auditChain.update({ where: { key: chainKey }, data: { lastHash: rows.at(-1)!.hash } });
    await tx.auditEvent.createMany({ data: rows });
  }
}
