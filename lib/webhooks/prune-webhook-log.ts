import { db } from "../db";
import { at } from "../clock";
import { DELIVERY_LOG_RETENTION_DAYS } from "./policy";

/**
 * The delivery log's retention: deliveries that ended (succeeded or
 * failed) more than DELIVERY_LOG_RETENTION_DAYS ago go with their attempts,
 * and messages that old with no delivery left go too. Pending deliveries
 * are never pruned.
 */
export async function pruneWebhookLog(now?: Date) {
  const cutoff = new Date(at(now).getTime() - DELIVERY_LOG_RETENTION_DAYS * 86_400_000);
  const deliveries = await db().webhookDelivery.deleteMany({ where: { status: { not: "pending" }, completedAt: { lt: cutoff } } });
  const messages = await db().webhookMessage.deleteMany({ where: { createdAt: { lt: cutoff }, deliveries: { none: {} } } });
  return { deliveries: deliveries.count, messages: messages.count };
}
