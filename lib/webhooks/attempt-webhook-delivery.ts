import type { ClaimedDelivery } from "./claim-webhook-deliveries";
import { signedHeaders } from "./endpoint-secret";
import { recordDeliveryResult } from "./record-delivery-result";
import { sendWebhookRequest, type SendOptions } from "./send-webhook-request";

/**
 * Send one claimed delivery and record the outcome. The signature's
 * timestamp is the moment of sending (receivers check its freshness); the
 * retry schedule runs on `now`, which tests may set.
 */
export async function attemptWebhookDelivery(delivery: ClaimedDelivery, options: { now?: Date; send?: Omit<SendOptions, "allowPrivate"> } = {}) {
  const { endpoint, message } = delivery;
  const sentAt = new Date();
  const now = options.now ?? sentAt;
  const secrets = [endpoint.secretEnc];
  if (endpoint.previousSecretEnc && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) secrets.push(endpoint.previousSecretEnc);
  const headers = signedHeaders(message.id, message.payload, secrets, sentAt);
  const result = await sendWebhookRequest(endpoint.url, message.payload, headers, { ...options.send, allowPrivate: endpoint.allowPrivate });
  return { delivery: delivery.id, result, ...(await recordDeliveryResult(delivery, result, now)) };
}
