import { transaction } from "../db";
import { at } from "../clock";
import { randomToken } from "../crypto/random";
import { AppError } from "../errors";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { WEBHOOK_TEST_EVENT } from "../schemas/webhook";
import { insertMessage } from "./enqueue-webhook-messages";
import { findEndpoint } from "./present-endpoint";

/**
 * "Send test event": a `webhook.test` message for this endpoint only,
 * queued like any other (the worker sends it within seconds, with retries),
 * so it tests the whole path: signing, address checks, the delivery log.
 */
export async function sendTestWebhook(actor: Actor, orgSlug: string, endpointId: string, options: { now?: Date } = {}) {
  const { org } = await authorizeOrg(actor, orgSlug, "webhooks:manage");
  const now = at(options.now);
  return transaction(async (tx) => {
    const endpoint = await findEndpoint(tx, org.id, endpointId);
    if (endpoint.disabledAt) throw new AppError("conflict", "This endpoint is disabled; enable it before sending a test event");
    const messageId = await insertMessage(
      tx,
      org,
      { type: WEBHOOK_TEST_EVENT, dedupeKey: `test:${randomToken(12)}`, data: { endpointId: endpoint.id, sentBy: actor.label } },
      now,
    );
    const delivery = await tx.webhookDelivery.create({ data: { orgId: org.id, messageId, endpointId: endpoint.id, nextAttemptAt: now } });
    return { messageId, deliveryId: delivery.id };
  });
}
