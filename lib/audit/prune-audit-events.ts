import { db, transaction, type Organization } from "../db";
import { at } from "../clock";
import { recordAuditEvent } from "./record-audit-event";
import { signAuditCheckpoint } from "./audit-checkpoint";
import { PRUNE_ACTION } from "./verify-audit-chain";
import type { Actor } from "./actors";
import { AppError } from "../errors";

const DAY_MS = 86_400_000;
const BATCH = 10_000;

export interface PruneResult {
  pruned: number;
  /** Events up to this sequence number are gone; the chain now starts after a signed checkpoint there. */
  throughSeq: number | null;
}

/**
 * Apply an organisation's retention setting: remove events older than
 * `auditRetentionDays`, oldest first. Before anything goes, the chain is
 * verified up to the boundary, checkpoints are signed at every batch
 * boundary, and the pruning itself is recorded; each batch then ends at a
 * signed checkpoint, so even an interrupted run leaves a chain that verifies
 * from a trusted starting point.
 */
export async function pruneAuditEvents(actor: Actor, org: Pick<Organization, "id" | "auditRetentionDays">, options: { now?: Date } = {}): Promise<PruneResult> {
  // Retention is applied by the server, or by its operator on demand; people change the setting, not the trail.
  if (actor.type !== "cli" && actor.type !== "system") throw new AppError("forbidden", "Only the server and its operator prune the audit trail");
  const days = org.auditRetentionDays;
  if (days == null) return { pruned: 0, throughSeq: null };
  const cutoff = new Date(at(options.now).getTime() - days * DAY_MS);
  const chainKey = org.id;

  // The head is read first and the cut never passes it: each query sees
  // the commits made before it (READ COMMITTED, on both databases), and an
  // event appended after an empty "keep" lookup must not be taken for an old one.
  const head = await db().auditChain.findUnique({ where: { key: chainKey } });
  const first = await db().auditEvent.findFirst({ where: { chainKey }, orderBy: { seq: "asc" }, select: { seq: true } });
  const keep = await db().auditEvent.findFirst({ where: { orgId: org.id, occurredAt: { gte: cutoff } }, orderBy: [{ occurredAt: "asc" }, { id: "asc" }], select: { seq: true } });
  if (!first || !head) return { pruned: 0, throughSeq: null };
  const through = Math.min(head.lastSeq, keep ? keep.seq - 1 : head.lastSeq);
  if (through < first.seq) return { pruned: 0, throughSeq: null };

  // Verify the chain up to the cut and sign a checkpoint at every batch
  // boundary: each signing walks only from the previous checkpoint, so the
  // events are checked once, and it throws if they do not hold.
  const bounds: number[] = [];
  for (let lo = first.seq; lo <= through; lo += BATCH) bounds.push(Math.min(lo + BATCH - 1, through));
  for (const hi of bounds) await signAuditCheckpoint(actor, chainKey, { throughSeq: hi, now: options.now });
  const count = through - first.seq + 1;
  // The record of the pruning commits with the first batch's deletion; later
  // batches continue the change it recorded, each ending at a signed checkpoint.
  for (const [i, hi] of bounds.entries()) {
    await transaction(async (tx) => {
      if (i === 0) {
        await recordAuditEvent(tx, {
          orgId: org.id,
          action: PRUNE_ACTION,
          actor,
          target: { type: "organization", id: org.id },
          metadata: { throughSeq: through, count, retentionDays: days, olderThan: cutoff.toISOString() },
        });
      }
      await tx.auditEvent.deleteMany({ where: { chainKey, seq: { lte: hi } } });
      await tx.auditCheckpoint.deleteMany({ where: { chainKey, seq: { lt: hi } } });
    });
  }
  return { pruned: count, throughSeq: through };
}
