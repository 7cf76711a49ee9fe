import { z } from "zod";
import { db } from "../db";
import type { Actor } from "./types";
import { authorizeOrg } from "../authz";
import { verifyAuditChainSchema } from "../schemas/audit-verification";
import { parseInput } from "../validation";
import { readAuditCheckpoint, type CheckpointClaims } from "./audit-checkpoint";
import { walkChain, type BrokenReason } from "./walk-chain";

export const PRUNE_ACTION = "audit.events_pruned";

export interface ChainVerification {
  ok: boolean;
  /** Events whose hash and link were checked. */
  checked: number;
  /** The first sequence number at which the chain is broken, or null. */
  firstBrokenSeq: number | null;
  reason: BrokenReason | null;
  /** "start": the whole chain was walked; "checkpoint": from the newest signed checkpoint on. */
  mode: "start" | "checkpoint";
  /** The first event present: 1, or the one after a signed checkpoint when older events were pruned. */
  fromSeq: number;
  /** The first event walked: fromSeq, or the one after the checkpoint the walk started from. */
  startSeq: number;
  /** The newest event checked. */
  throughSeq: number;
  /**
   * The newest signed checkpoint the chain reaches: events up to it cannot
   * be dropped from the tail unnoticed. Events after it are covered only by
   * the chain head row until the next checkpoint.
   */
  anchor: { seq: number; signedAt: string; kid: string; external: boolean } | null;
  /** Events newer than the anchor. */
  unanchored: number;
}

export interface VerificationProgress {
  checked: number;
  /** Events the walk will check if the chain holds. */
  total: number;
}

type ChainOptions = z.output<typeof verifyAuditChainSchema> & { onProgress?: (progress: VerificationProgress) => void };

/**
 * Walk an organisation's audit chain from its first event (or, after
 * pruning, from the signed checkpoint it starts at), recomputing every hash
 * and link, and check it against its signed checkpoints, its head row and,
 * if given, a checkpoint the caller kept elsewhere (`anchor`, a JWS from
 * `tessera audit checkpoint`). Names the first sequence number that does not
 * hold. With `from: "checkpoint"` the walk starts after the newest signed
 * checkpoint instead: its signature vouches for the events before it.
 */
export async function verifyAuditChain(actor: Actor, orgSlug: string, options: z.input<typeof verifyAuditChainSchema> = {}): Promise<ChainVerification> {
  const input = parseInput(verifyAuditChainSchema, options);
  const { org } = await authorizeOrg(actor, orgSlug, "audit:read");
  return verifyOrgAuditChain(org.id, input);
}

/** verifyAuditChain for an organisation already authorised (the console's background verification). */
export async function verifyOrgAuditChain(chainKey: string, options: ChainOptions): Promise<ChainVerification> {
  const result = await verifyChain(chainKey, options);
  // Retention may have pruned the oldest events while we walked: look again from the new start.
  if (!result.ok && result.reason === "missing" && (await firstSeqOf(chainKey)) !== result.fromSeq) return verifyChain(chainKey, options);
  return result;
}

const firstSeqOf = async (chainKey: string) =>
  (await db().auditEvent.findFirst({ where: { chainKey }, orderBy: { seq: "asc" }, select: { seq: true } }))?.seq ?? null;
const headOf = (chainKey: string) => db().auditChain.findUnique({ where: { key: chainKey } });

async function verifyChain(chainKey: string, options: ChainOptions): Promise<ChainVerification> {
  const externalAnchor = options.anchor;
  // The head is read first and the walk stops there: events appended while
  // we walk belong to the next verification, not to a false "truncated".
  const head = await headOf(chainKey);
  const headSeq = head?.lastSeq ?? 0;
  const [first, rows] = await Promise.all([
    firstSeqOf(chainKey),
    db().auditCheckpoint.findMany({ where: { chainKey }, orderBy: { seq: "asc" }, select: { seq: true, hash: true } }),
  ]);
  const fromSeq = first ?? headSeq + 1;
  let start = { fromSeq: 1, prevHash: null as string | null };
  const result = (fields: Partial<ChainVerification> & Pick<ChainVerification, "checked" | "throughSeq">): ChainVerification => ({
    ok: fields.firstBrokenSeq == null,
    firstBrokenSeq: null,
    reason: null,
    mode: options.from,
    fromSeq,
    startSeq: start.fromSeq,
    anchor: null,
    unanchored: 0,
    ...fields,
  });
  const broken = (seq: number, reason: BrokenReason, checked: number, throughSeq: number) =>
    result({ firstBrokenSeq: seq, reason, checked, throughSeq });

  // A chain that does not start at 1 must start right after a signed checkpoint.
  if (fromSeq > 1) {
    const claims = await signedCheckpoint(chainKey, fromSeq - 1);
    if (!claims || claims.chain !== chainKey || claims.seq !== fromSeq - 1) {
      const below = rows.filter((c) => c.seq < fromSeq - 1).at(-1)?.seq ?? 0;
      return broken(below + 1, "missing", 0, below);
    }
    start = { fromSeq, prevHash: claims.hash };
  }
  const walkedFromFirst = start.fromSeq;

  if (options.from === "checkpoint") {
    // The newest checkpoint over an event still present. A forged or
    // altered one is reported, never silently skipped for an older one.
    const newest = rows.filter((c) => c.seq >= start.fromSeq && c.seq <= headSeq).at(-1);
    if (newest) {
      const claims = await signedCheckpoint(chainKey, newest.seq);
      if (!claims || claims.chain !== chainKey || claims.seq !== newest.seq || claims.hash !== newest.hash) {
        return broken(newest.seq, "bad_checkpoint", 0, start.fromSeq - 1);
      }
      const event = await db().auditEvent.findUnique({ where: { chainKey_seq: { chainKey, seq: newest.seq } }, select: { hash: true } });
      if (event?.hash !== claims.hash) return broken(newest.seq, "checkpoint_mismatch", 0, start.fromSeq - 1);
      start = { fromSeq: newest.seq + 1, prevHash: claims.hash };
    }
  }
  const total = Math.max(0, headSeq - start.fromSeq + 1);
  options.onProgress?.({ checked: 0, total });

  const expectedHash = new Map(rows.map((c) => [c.seq, c.hash]));
  let mismatch: number | null = null;
  let prunedThrough = 0;
  const walk = await walkChain(chainKey, start, {
    throughSeq: headSeq,
    onProgress: (checked) => options.onProgress?.({ checked, total }),
    visit(event) {
      if (mismatch === null && expectedHash.has(event.seq) && expectedHash.get(event.seq) !== event.hash) mismatch = event.seq;
      if (event.action === PRUNE_ACTION && event.metadata) {
        const through = Number((JSON.parse(event.metadata) as { throughSeq?: unknown }).throughSeq);
        if (Number.isInteger(through)) prunedThrough = Math.max(prunedThrough, through);
      }
    },
  });
  const { checked, lastSeq } = walk;
  if (mismatch !== null && (!walk.broken || mismatch < walk.broken.seq)) return broken(mismatch, "checkpoint_mismatch", checked, lastSeq);
  if (walk.broken) return broken(walk.broken.seq, walk.broken.reason, checked, lastSeq);
  // Events before the first one present may only be gone through a recorded pruning
  // (a walk from a later checkpoint leaves that record to the checkpoint's signature).
  if (fromSeq > 1 && start.fromSeq === walkedFromFirst && prunedThrough < fromSeq - 1) return broken(prunedThrough + 1, "missing", checked, lastSeq);
  // The head row beyond the last event means the tail was dropped.
  if (headSeq > lastSeq || (head?.lastHash ?? null) !== walk.lastHash) return broken(lastSeq + 1, "truncated", checked, lastSeq);
  // So does a checkpoint, or an event, beyond the head as it stands now: the head row was rolled back.
  if ((await newestSeqPastHead(chainKey)) !== null) return broken(lastSeq + 1, "truncated", checked, lastSeq);

  let anchor: ChainVerification["anchor"] = null;
  const latest = rows.filter((c) => c.seq <= headSeq).at(-1);
  if (latest) {
    const claims = await signedCheckpoint(chainKey, latest.seq);
    if (!claims || claims.chain !== chainKey || claims.seq !== latest.seq || claims.hash !== latest.hash) {
      return broken(latest.seq, "bad_checkpoint", checked, lastSeq);
    }
    anchor = anchorOf(claims, false);
  }
  if (externalAnchor) {
    const claims = await readAuditCheckpoint(externalAnchor.trim());
    if (!claims || claims.chain !== chainKey) return broken(fromSeq, "bad_checkpoint", checked, lastSeq);
    if (claims.seq > lastSeq) return broken(lastSeq + 1, "truncated", checked, lastSeq);
    if (claims.seq >= fromSeq) {
      const event = await db().auditEvent.findUnique({ where: { chainKey_seq: { chainKey, seq: claims.seq } }, select: { hash: true } });
      if (event?.hash !== claims.hash) return broken(claims.seq, "checkpoint_mismatch", checked, lastSeq);
    }
    if (!anchor || claims.seq > anchor.seq) anchor = anchorOf(claims, true);
  }
  return result({ checked, throughSeq: lastSeq, anchor, unanchored: lastSeq - (anchor?.seq ?? fromSeq - 1) });
}

/**
 * The newest event or checkpoint sequence number beyond the chain head, or
 * null. The head is read last: an append commits its events and the head
 * together, and a checkpoint is signed only over committed events, so a
 * head read after them can only be behind them if it was rolled back.
 * (Read first, an append landing in between looked like a truncation: each
 * query sees the commits made before it, READ COMMITTED on both databases.)
 */
async function newestSeqPastHead(chainKey: string): Promise<number | null> {
  const event = await db().auditEvent.findFirst({ where: { chainKey }, orderBy: { seq: "desc" }, select: { seq: true } });
  const checkpoint = await db().auditCheckpoint.findFirst({ where: { chainKey }, orderBy: { seq: "desc" }, select: { seq: true } });
  const head = await db().auditChain.findUnique({ where: { key: chainKey }, select: { lastSeq: true } });
  const newest = Math.max(event?.seq ?? 0, checkpoint?.seq ?? 0);
  return newest > (head?.lastSeq ?? 0) ? newest : null;
}

/** The claims of the stored checkpoint at `seq`, if it has a valid signature. */
async function signedCheckpoint(chainKey: string, seq: number) {
  const row = await db().auditCheckpoint.findUnique({ where: { chainKey_seq: { chainKey, seq } }, select: { jws: true } });
  return row ? readAuditCheckpoint(row.jws) : null;
}

const anchorOf = (claims: CheckpointClaims & { kid: string }, external: boolean) => ({
  seq: claims.seq,
  signedAt: new Date(claims.iat * 1000).toISOString(),
  kid: claims.kid,
  external,
});
