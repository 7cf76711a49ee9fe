import { env } from "../env";
import { schedulePeriodic } from "../schedule-periodic";
import { runWebhookWorker } from "./run-webhook-worker";

/**
 * Run the webhook worker every TESSERA_WEBHOOK_WORKER_SECONDS in this
 * server process, one run at a time. Several instances may run it: claims
 * are leases taken with SKIP LOCKED (PostgreSQL) or under the write lock
 * (SQLite), and derivation holds each organisation's cursor lock. Shorter
 * than the audit maintenance period because retries are due in seconds.
 */
export function scheduleWebhookWorker() {
  schedulePeriodic("webhook worker", env().TESSERA_WEBHOOK_WORKER_SECONDS, 2_000, async () => {
    const report = await runWebhookWorker();
    for (const f of report.failedOrgs) console.error(`[tessera] webhooks: organisation ${f.orgId}: ${f.error}`);
    if (report.disabled) console.log(`[tessera] webhooks: ${report.disabled} endpoint(s) disabled after a day of failures`);
  });
}
