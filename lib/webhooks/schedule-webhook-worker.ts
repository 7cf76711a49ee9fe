import { env } from "../env";
import { runWebhookWorker } from "./run-webhook-worker";

const started = Symbol.for("tessera.webhookWorker");
const FIRST_RUN_MS = 2_000;

/**
 * Run the webhook worker every TESSERA_WEBHOOK_WORKER_SECONDS in this
 * server process, one run at a time. Several instances may run it: claims
 * are leases taken with SKIP LOCKED (PostgreSQL) or under the write lock
 * (SQLite), and derivation holds each organisation's cursor lock. Shorter
 * than the audit maintenance period because retries are due in seconds.
 */
export function scheduleWebhookWorker() {
  const seconds = env().TESSERA_WEBHOOK_WORKER_SECONDS;
  const g = globalThis as { [started]?: boolean };
  if (!seconds || g[started]) return;
  g[started] = true;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const report = await runWebhookWorker();
      for (const f of report.failedOrgs) console.error(`[tessera] webhooks: organisation ${f.orgId}: ${f.error}`);
      if (report.disabled) console.log(`[tessera] webhooks: ${report.disabled} endpoint(s) disabled after a day of failures`);
    } catch (e) {
      console.error("[tessera] webhook worker failed", e);
    } finally {
      running = false;
    }
  };
  setTimeout(() => void tick(), Math.min(FIRST_RUN_MS, seconds * 1000)).unref();
  setInterval(() => void tick(), seconds * 1000).unref();
}
