import { at } from "../clock";
import { deriveWebhookMessages, type DeriveOptions } from "./derive-webhook-messages";
import { claimWebhookDeliveries } from "./claim-webhook-deliveries";
import { attemptWebhookDelivery } from "./attempt-webhook-delivery";
import type { SendOptions } from "./send-webhook-request";

export interface WorkerOptions extends DeriveOptions {
  /** Claim rounds per run; what is left waits for the next run. */
  maxRounds?: number;
  send?: Omit<SendOptions, "allowPrivate">;
}

/**
 * One run of the webhook worker: derive new messages, then claim and send
 * due deliveries until none is due (or maxRounds). Everything it works on
 * is in the database, so a run on any instance, after any restart, picks up
 * where the last one stopped.
 */
export async function runWebhookWorker(options: WorkerOptions = {}) {
  const derived = await deriveWebhookMessages(options);
  const report = { messages: derived.messages, failedOrgs: derived.failed, attempted: 0, succeeded: 0, failed: 0, disabled: 0 };
  for (let round = 0; round < (options.maxRounds ?? 10); round++) {
    const now = at(options.now);
    const claimed = await claimWebhookDeliveries({ now, orgIds: options.orgIds });
    if (claimed.length === 0) break;
    const results = await Promise.all(claimed.map((d) => attemptWebhookDelivery(d, { now, send: options.send })));
    for (const r of results) {
      report.attempted++;
      if (r.result.ok) report.succeeded++;
      else report.failed++;
      if (r.recorded && r.disabled) report.disabled++;
    }
  }
  return report;
}
