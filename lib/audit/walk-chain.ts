import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { db, type AuditEvent } from "../db";
import { auditEventHash } from "./hash";
import { otherTargetId } from "./record-audit-event";

/**
 * A stored event still holds what was hashed. otherTargetId is derived, not
 * hashed: it is checked against what it derives from, so editing it (to hide
 * an event from a client id's list) is caught like any other change.
 */
export function storedEventIntact(event: AuditEvent): boolean {
  const { id: _id, hash, otherTargetId: indexed, ...fields } = event;
  return auditEventHash(fields) === hash && indexed === otherTargetId(event);
}

export type BrokenReason = "changed" | "missing" | "relinked" | "truncated" | "checkpoint_mismatch" | "bad_checkpoint";

export interface ChainWalk {
  /** Events whose hash and link held. */
  checked: number;
  /** The last event that held, or the starting point when none did. */
  lastSeq: number;
  lastHash: string | null;
  broken: { seq: number; reason: BrokenReason } | null;
}

const BATCH = 1_000;

/**
 * Recompute a chain's hashes in sequence order from a trusted starting point
 * (`fromSeq`, linking to `prevHash`) through `throughSeq`, stopping at the
 * first event that does not hold: a changed field breaks its own hash, a
 * deleted event leaves a gap, an inserted or reordered one breaks a hash or
 * a link. Keyset batches keep memory flat at any length; `visit` sees every
 * event that held, `onProgress` the running count after each batch.
 *
 * Between batches the walk yields to the event loop. On SQLite every read
 * is synchronous and hashing is CPU work, so without it a walk over a long
 * chain was one unbroken stretch that stalled every request of the
 * process, the token endpoint included, until it ended.
 */
export async function walkChain(
  chainKey: string,
  from: { fromSeq: number; prevHash: string | null },
  options: { throughSeq?: number; visit?: (event: AuditEvent) => void; onProgress?: (checked: number) => void } = {},
): Promise<ChainWalk> {
  let expected = from.fromSeq;
  let prevHash = from.prevHash;
  let checked = 0;
  const result = (broken: ChainWalk["broken"]): ChainWalk => ({ checked, lastSeq: expected - 1, lastHash: prevHash, broken });

  for (;;) {
    const events = await db().auditEvent.findMany({
      where: { chainKey, seq: { gte: expected, ...(options.throughSeq === undefined ? {} : { lte: options.throughSeq }) } },
      orderBy: { seq: "asc" },
      take: BATCH,
    });
    for (const event of events) {
      if (event.seq !== expected) return result({ seq: expected, reason: "missing" });
      if (!storedEventIntact(event)) return result({ seq: event.seq, reason: "changed" });
      if (event.prevHash !== prevHash) return result({ seq: event.seq, reason: "relinked" });
      options.visit?.(event);
      prevHash = event.hash;
      expected++;
      checked++;
    }
    options.onProgress?.(checked);
    if (events.length < BATCH) return result(null);
    // A macrotask turn: timers, I/O callbacks and other requests run before the walk goes on.
    await yieldToEventLoop();
  }
}
