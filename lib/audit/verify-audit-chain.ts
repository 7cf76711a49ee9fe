import { db } from "../db";
import type { Actor } from "./types";
import { authorizeOrg } from "../authz";
import { auditEventHash } from "./hash";

export interface ChainVerification {
  ok: boolean;
  /** Events whose hash and link were checked. */
  checked: number;
  /** The first sequence number at which the chain is broken, or null. */
  firstBrokenSeq: number | null;
  reason: "changed" | "missing" | "relinked" | "truncated" | null;
}

const BATCH = 5_000;

/**
 * Walk an organisation's audit chain in sequence order, recomputing every
 * hash. A changed field breaks that event's hash; a deleted event leaves a
 * gap in the sequence; an inserted or reordered event breaks a hash or a
 * link; a dropped tail no longer reaches the chain head recorded with the
 * last write. Reads in keyset batches, so memory stays flat at any size.
 */
export async function verifyAuditChain(actor: Actor, orgSlug: string): Promise<ChainVerification> {
  const { org } = await authorizeOrg(actor, orgSlug, "REVIEWER");
  const head = await db().auditChain.findUnique({ where: { key: org.id } });
  let checked = 0;
  let expectedSeq = 1;
  let prevHash: string | null = null;
  const broken = (seq: number, reason: ChainVerification["reason"]): ChainVerification => ({ ok: false, checked, firstBrokenSeq: seq, reason });

  for (;;) {
    const events = await db().auditEvent.findMany({
      where: { chainKey: org.id, seq: { gte: expectedSeq } },
      orderBy: { seq: "asc" },
      take: BATCH,
    });
    for (const event of events) {
      if (event.seq !== expectedSeq) return broken(expectedSeq, "missing");
      const { id: _id, hash, ...fields } = event;
      if (auditEventHash(fields) !== hash) return broken(event.seq, "changed");
      if (event.prevHash !== prevHash) return broken(event.seq, "relinked");
      prevHash = hash;
      expectedSeq++;
      checked++;
    }
    if (events.length < BATCH) break;
  }
  const headSeq = head?.lastSeq ?? 0;
  if (headSeq !== checked || (head?.lastHash ?? null) !== prevHash) {
    return broken(Math.min(checked, headSeq) + 1, "truncated");
  }
  return { ok: true, checked, firstBrokenSeq: null, reason: null };
}
