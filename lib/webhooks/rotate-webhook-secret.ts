import { transaction } from "../db";
import { at } from "../clock";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { generateWebhookSecret, sealWebhookSecret } from "./endpoint-secret";
import { endpointLabel, findEndpoint } from "./present-endpoint";
import { SECRET_ROTATION_GRACE_HOURS } from "./policy";

/**
 * Give an endpoint a new signing secret, shown in this answer only. For
 * the grace period deliveries carry a signature by each secret, so the
 * receiver can switch without refusing anything; a second rotation within
 * it drops the oldest secret.
 */
export async function rotateWebhookSecret(actor: Actor, orgSlug: string, endpointId: string, options: { now?: Date } = {}) {
  const { org } = await authorizeOrg(actor, orgSlug, "webhooks:manage");
  const when = at(options.now);
  const secret = generateWebhookSecret();
  return transaction(async (tx) => {
    const endpoint = await findEndpoint(tx, org.id, endpointId);
    const previousSecretExpiresAt = new Date(when.getTime() + SECRET_ROTATION_GRACE_HOURS * 3_600_000);
    await tx.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { secretEnc: sealWebhookSecret(secret), previousSecretEnc: endpoint.secretEnc, previousSecretExpiresAt },
    });
    await recordAuditEvent(tx, {
      orgId: org.id,
      occurredAt: when,
      action: "webhook.secret_rotated",
      actor,
      target: { type: "webhook", id: endpoint.id, label: endpointLabel(endpoint.url) },
      metadata: { previousSecretExpiresAt: previousSecretExpiresAt.toISOString() },
    });
    return { id: endpoint.id, secret, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() };
  });
}
