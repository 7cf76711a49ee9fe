import { drainAuditQueue } from "./audit/audit-batcher";
import { flushRepeatedFailures } from "./audit/repeated-failures";
import { flushFailureCounts } from "./oauth/failure-limiter";
import { flushIntrospectionUsage } from "./oauth/usage-counter";

/**
 * Write everything this process holds in memory for later: aggregated
 * failures (their windows close now), introspection counts, shared failure
 * counts, and the audit queue last, since the others feed it. Called at
 * shutdown, after the last request has been answered.
 */
export async function flushPendingWork(): Promise<void> {
  await Promise.allSettled([flushRepeatedFailures(), flushIntrospectionUsage(), flushFailureCounts()]);
  await drainAuditQueue();
}
