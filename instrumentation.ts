// Next.js calls register() once when a server process starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { scheduleAuditMaintenance } = await import("./lib/audit/schedule-audit-maintenance");
  scheduleAuditMaintenance();
  const { scheduleWebhookWorker } = await import("./lib/webhooks/schedule-webhook-worker");
  scheduleWebhookWorker();
}
