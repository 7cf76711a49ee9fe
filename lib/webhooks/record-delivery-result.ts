import { transaction } from "../db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemActor } from "../audit/types";
import type { ClaimedDelivery } from "./claim-webhook-deliveries";
import type { SendResult } from "./send-webhook-request";
import { endpointLabel } from "./present-endpoint";
import { failPendingDeliveries } from "./fail-pending-deliveries";
import { DISABLE_AFTER_FAILING_MS, RETRY_DELAYS_SECONDS } from "./policy";

/** When the attempt after `attempts` failed ones is due, or null when there is none left. */
export function nextAttemptAt(attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_SECONDS[attempts];
  return delay === undefined ? null : new Date(now.getTime() + delay * 1000);
}

/**
 * Log one attempt and decide what follows, in one transaction, only while
 * this worker still holds the lease (if it ran out and another worker took
 * the delivery, that worker's result is the one that counts). A success
 * ends the endpoint's run of failures. A failure schedules the next attempt
 * (RETRY_DELAYS_SECONDS) or gives up after the last; an endpoint whose
 * failures have lasted a day is disabled, its waiting deliveries given up,
 * and `webhook.disabled` recorded for its owners to see.
 */
export async function recordDeliveryResult(delivery: ClaimedDelivery, result: SendResult, now: Date) {
  const attempts = delivery.attempts + 1;
  const next = result.ok ? null : nextAttemptAt(attempts, now);
  const status = result.ok ? "succeeded" : next ? "pending" : "failed";
  return transaction(async (tx) => {
    const owned = await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, leaseToken: delivery.leaseToken, status: "pending" },
      data: {
        status,
        attempts,
        lastAttemptAt: now,
        lastStatusCode: result.statusCode,
        lastError: result.error,
        leaseUntil: null,
        leaseToken: null,
        ...(next ? { nextAttemptAt: next } : { completedAt: now }),
      },
    });
    if (owned.count === 0) return { recorded: false as const };
    await tx.webhookAttempt.create({
      data: { deliveryId: delivery.id, attemptedAt: now, statusCode: result.statusCode, error: result.error, durationMs: result.durationMs },
    });
    if (result.ok) {
      await tx.webhookEndpoint.updateMany({ where: { id: delivery.endpointId, failingSince: { not: null } }, data: { failingSince: null } });
      return { recorded: true as const, status, disabled: false };
    }
    const endpoint = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id: delivery.endpointId } });
    const failingSince = endpoint.failingSince ?? now;
    if (!endpoint.failingSince) await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { failingSince } });
    if (endpoint.disabledAt || now.getTime() - failingSince.getTime() < DISABLE_AFTER_FAILING_MS) return { recorded: true as const, status, disabled: false };

    const reason = `Disabled after failing since ${failingSince.toISOString()}`;
    await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { disabledAt: now, disabledReason: reason } });
    await failPendingDeliveries(tx, endpoint.id, "endpoint disabled after a day of failures", now);
    await recordAuditEvent(tx, {
      orgId: endpoint.orgId,
      occurredAt: now,
      action: "webhook.disabled",
      actor: systemActor,
      target: { type: "webhook", id: endpoint.id, label: endpointLabel(endpoint.url) },
      metadata: { failingSince: failingSince.toISOString(), lastError: result.error, lastStatusCode: result.statusCode },
    });
    return { recorded: true as const, status: "failed", disabled: true };
  });
}
