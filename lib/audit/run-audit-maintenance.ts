import { db } from "../db";
import { isAppError } from "../errors";
import { CHECKPOINT_ACTION, signAuditCheckpoint } from "./audit-checkpoint";
import { INSTANCE_CHAIN } from "./record-audit-event";
import { systemActor } from "./actors";
import { pruneAuditEvents } from "./prune-audit-events";
import { pruneOAuthState } from "../oauth/prune-oauth-state";
import { pruneIdempotencyRecords } from "../idempotency/prune-idempotency-records";
import { runApprovalMaintenance } from "../change-requests/run-approval-maintenance";
import { pruneWebhookLog } from "../webhooks/prune-webhook-log";

export interface MaintenanceReport {
  checkpointed: string[];
  pruned: { orgId: string; count: number }[];
  failed: { chainKey: string; error: string }[];
  /** Rows of OAuth bookkeeping removed (see pruneOAuthState). */
  prunedOAuthState?: Awaited<ReturnType<typeof pruneOAuthState>>;
  /** Stored management-API responses past their 24 hours, deleted. */
  idempotencyRecordsDeleted: number;
  /** Change requests expired and time-boxed grants removed (see runApprovalMaintenance). */
  approvals?: Awaited<ReturnType<typeof runApprovalMaintenance>>;
  /** Webhook deliveries and messages past the delivery log's retention, deleted. */
  webhookLogPruned?: Awaited<ReturnType<typeof pruneWebhookLog>>;
}

/**
 * The periodic audit work: sign a checkpoint for every chain that grew since
 * its last one (after verifying the new events), then apply each
 * organisation's retention, drop OAuth bookkeeping that has expired, and
 * forget expired idempotent API responses. A chain that fails verification is
 * reported and left alone; the others carry on.
 */
export async function runAuditMaintenance(options: { now?: Date } = {}): Promise<MaintenanceReport> {
  const report: MaintenanceReport = { checkpointed: [], pruned: [], failed: [], idempotencyRecordsDeleted: 0 };
  // The instance chain last: it receives the record of every other checkpoint.
  const chains = (await db().auditChain.findMany({ where: { lastSeq: { gt: 0 } } })).sort((a, b) => Number(a.key === INSTANCE_CHAIN) - Number(b.key === INSTANCE_CHAIN));
  for (const chain of chains) {
    const last = await db().auditCheckpoint.findFirst({ where: { chainKey: chain.key }, orderBy: { seq: "desc" }, select: { seq: true } });
    if ((last?.seq ?? 0) >= chain.lastSeq) continue;
    if (last && (await onlyItsOwnRecordSince(chain.key, last.seq, chain.lastSeq))) continue;
    try {
      await signAuditCheckpoint(systemActor, chain.key, { throughSeq: chain.lastSeq, now: options.now });
      report.checkpointed.push(chain.key);
    } catch (e) {
      report.failed.push({ chainKey: chain.key, error: describe(e) });
    }
  }
  const orgs = await db().organization.findMany({ where: { auditRetentionDays: { not: null } }, select: { id: true, auditRetentionDays: true } });
  for (const org of orgs) {
    if (report.failed.some((f) => f.chainKey === org.id)) continue;
    try {
      const { pruned } = await pruneAuditEvents(systemActor, org, options);
      if (pruned) report.pruned.push({ orgId: org.id, count: pruned });
    } catch (e) {
      report.failed.push({ chainKey: org.id, error: describe(e) });
    }
  }
  try {
    report.prunedOAuthState = await pruneOAuthState(options.now);
  } catch (e) {
    report.failed.push({ chainKey: "oauth-state", error: describe(e) });
  }
  // Not audit work, but the same cadence suits it: stored API responses may hold secrets.
  report.idempotencyRecordsDeleted = await pruneIdempotencyRecords(options.now);
  try {
    report.approvals = await runApprovalMaintenance(options.now);
  } catch (e) {
    report.failed.push({ chainKey: "approvals", error: describe(e) });
  }
  try {
    report.webhookLogPruned = await pruneWebhookLog(options.now);
  } catch (e) {
    report.failed.push({ chainKey: "webhook-log", error: describe(e) });
  }
  return report;
}

/**
 * True when the one event after a chain's last checkpoint is the record of
 * that very checkpoint (the instance chain records its own): signing again
 * would only add another such record, forever.
 */
async function onlyItsOwnRecordSince(chainKey: string, checkpointSeq: number, lastSeq: number): Promise<boolean> {
  if (lastSeq !== checkpointSeq + 1) return false;
  const next = await db().auditEvent.findUnique({ where: { chainKey_seq: { chainKey, seq: lastSeq } }, select: { action: true, metadata: true } });
  if (next?.action !== CHECKPOINT_ACTION || !next.metadata) return false;
  const about = JSON.parse(next.metadata) as { chain?: string; seq?: number };
  return about.chain === chainKey && about.seq === checkpointSeq;
}

const describe = (e: unknown) => (isAppError(e) ? e.userMessage : e instanceof Error ? e.message : String(e));
