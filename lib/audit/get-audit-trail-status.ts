import { db } from "../db";
import type { Actor } from "./types";
import { authorizeOrg } from "../authz";

/** Retention and anchoring at a glance: what is kept, since when, and the newest signed checkpoint. */
export async function getAuditTrailStatus(actor: Actor, orgSlug: string) {
  const { org } = await authorizeOrg(actor, orgSlug, "audit:read");
  const [head, first, checkpoint] = await Promise.all([
    db().auditChain.findUnique({ where: { key: org.id } }),
    db().auditEvent.findFirst({ where: { chainKey: org.id }, orderBy: { seq: "asc" }, select: { seq: true, occurredAt: true } }),
    db().auditCheckpoint.findFirst({ where: { chainKey: org.id }, orderBy: { seq: "desc" }, select: { seq: true, createdAt: true, kid: true } }),
  ]);
  return {
    retentionDays: org.auditRetentionDays,
    headSeq: head?.lastSeq ?? 0,
    firstSeq: first?.seq ?? null,
    oldestEventAt: first?.occurredAt ?? null,
    latestCheckpoint: checkpoint ? { seq: checkpoint.seq, signedAt: checkpoint.createdAt, kid: checkpoint.kid } : null,
  };
}
