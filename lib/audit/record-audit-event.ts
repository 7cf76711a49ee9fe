import type { Tx } from "../db";
import { hotSqlOf, insertRows, type HotSql } from "../db-hot";
import { auditEventHash, canonicalJson, type HashedAuditFields } from "./hash";
import { auditEventInputSchema, type AuditEventInput } from "./types";

export const INSTANCE_CHAIN = "instance";

type Unchained = Omit<HashedAuditFields, "seq" | "prevHash">;

/**
 * Text a client chose (an unknown client id, a label) is stored as sent,
 * except NUL, which PostgreSQL's text cannot hold: it becomes U+FFFD, before
 * hashing, so the chain verifies what is stored.
 */
const storable = <T extends string | null | undefined>(s: T): T => (typeof s === "string" ? (s.replaceAll("\u0000", "\uFFFD") as T) : s);

function prepare(input: AuditEventInput): Unchained {
  const event = auditEventInputSchema.parse(input);
  const { actor } = input;
  return {
    chainKey: event.orgId ?? INSTANCE_CHAIN,
    orgId: event.orgId,
    occurredAt: input.occurredAt ?? new Date(),
    actorType: actor.type,
    actorId: storable(actor.id),
    actorLabel: storable(actor.label),
    action: event.action,
    targetType: event.target?.type ?? null,
    targetId: storable(event.target?.id ?? null),
    targetLabel: storable(event.target?.label ?? null),
    outcome: event.outcome,
    reason: event.reason ?? null,
    clientIp: actor.clientIp ?? null,
    userAgent: storable(actor.userAgent?.slice(0, 512) ?? null),
    requestId: storable(actor.requestId ?? null),
    metadata: event.metadata ? canonicalJson(event.metadata) : null,
  };
}

/**
 * Reserve `count` sequence numbers on a chain and learn the hash to link
 * from, in one statement that creates the head row on a chain's first event.
 * It takes the head row's lock before anything else is written: on
 * PostgreSQL that serialises concurrent writers of one chain, on SQLite the
 * database write lock does, so sequence numbers never repeat and never skip.
 */
async function reserve(sql: HotSql, chainKey: string, count: number) {
  const [head] = await sql.query<{ lastSeq: number | bigint | string; lastHash: string | null }>(
    `INSERT INTO "AuditChain" ("key", "lastSeq") VALUES (?, ?)
     ON CONFLICT ("key") DO UPDATE SET "lastSeq" = "AuditChain"."lastSeq" + ?
     RETURNING "lastSeq", "lastHash"`,
    [chainKey, count, count],
  );
  return { firstSeq: Number(head!.lastSeq) - count + 1, prevHash: head!.lastHash };
}

/**
 * An event's id sorts with its sequence number within the chain, so events
 * that share a timestamp still page in the order they were recorded.
 */
export const auditEventId = (chainKey: string, seq: number) => `ev${seq.toString(36).padStart(10, "0")}${chainKey}`;

function link(events: Unchained[], firstSeq: number, prevHash: string | null) {
  let prev = prevHash;
  return events.map((e, i) => {
    const fields: HashedAuditFields = { ...e, seq: firstSeq + i, prevHash: prev };
    const hash = auditEventHash(fields);
    prev = hash;
    return { ...fields, hash };
  });
}

type Linked = ReturnType<typeof link>[number];

/**
 * What the (orgId, otherTargetId, …) index holds: the target, unless it is
 * the actor, whom the actorId index already finds (see newestAuditEvents).
 * Derived, so not hashed; the migration that added it filled it the same way.
 */
export const otherTargetId = (e: { actorId: string | null; targetId: string | null }) => (e.targetId !== e.actorId ? e.targetId : null);

const COLUMNS = ["id", "chainKey", "orgId", "seq", "occurredAt", "actorType", "actorId", "actorLabel", "action", "targetType", "targetId",
  "targetLabel", "otherTargetId", "outcome", "reason", "clientIp", "userAgent", "requestId", "metadata", "prevHash", "hash"];
const INSERT_INTO = `INSERT INTO "AuditEvent" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES`;

const insertEvents = (sql: HotSql, rows: Linked[]) =>
  insertRows(
    sql,
    INSERT_INTO,
    rows.map((r) => [
      auditEventId(r.chainKey, r.seq), r.chainKey, r.orgId, r.seq, r.occurredAt, r.actorType, r.actorId, r.actorLabel,
      r.action, r.targetType, r.targetId, r.targetLabel, otherTargetId(r), r.outcome, r.reason, r.clientIp, r.userAgent, r.requestId,
      r.metadata, r.prevHash, r.hash,
    ]),
  );

/**
 * Append one event to its organisation's chain inside the caller's
 * transaction, so the change and its record commit together or not at all.
 */
export async function recordAuditEvent(tx: Tx | HotSql, input: AuditEventInput): Promise<RecordedEvent> {
  const [recorded] = await recordAuditEvents(tx, [input]);
  return recorded!;
}

/** Where an event landed, so a later event can name it (e.g. an approval names its request). */
export interface RecordedEvent {
  id: string;
  seq: number;
}

/**
 * Append many events in one go: three statements per chain, whatever the
 * count, with the links computed here. Chains are locked in a fixed order
 * (by key), so two writers that each touch several chains (a sign-in
 * recorded in several organisations, a token batch) can never deadlock.
 */
export async function recordAuditEvents(tx: Tx | HotSql, inputs: AuditEventInput[]): Promise<RecordedEvent[]> {
  const sql = hotSqlOf(tx);
  const byChain = new Map<string, { events: Unchained[]; positions: number[] }>();
  inputs.forEach((input, position) => {
    const event = prepare(input);
    const chain = byChain.get(event.chainKey) ?? { events: [], positions: [] };
    chain.events.push(event);
    chain.positions.push(position);
    byChain.set(event.chainKey, chain);
  });
  const recorded: RecordedEvent[] = new Array(inputs.length);
  for (const chainKey of [...byChain.keys()].sort()) {
    const { events, positions } = byChain.get(chainKey)!;
    const { firstSeq, prevHash } = await reserve(sql, chainKey, events.length);
    const rows = link(events, firstSeq, prevHash);
    await sql.execute(`UPDATE "AuditChain" SET "lastHash" = ? WHERE "key" = ?`, [rows.at(-1)!.hash, chainKey]);
    await insertEvents(sql, rows);
    rows.forEach((r, i) => (recorded[positions[i]!] = { id: auditEventId(r.chainKey, r.seq), seq: r.seq }));
  }
  return recorded;
}
