import { transaction } from "../db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { endpointLabel, findEndpoint } from "./present-endpoint";

/** Delete an endpoint with its pending deliveries and its delivery log. */
export async function deleteWebhookEndpoint(actor: Actor, orgSlug: string, endpointId: string) {
  const { org } = await authorizeOrg(actor, orgSlug, "webhooks:manage");
  return transaction(async (tx) => {
    const endpoint = await findEndpoint(tx, org.id, endpointId);
    await tx.webhookEndpoint.delete({ where: { id: endpoint.id } });
    await recordAuditEvent(tx, {
      orgId: org.id,
      action: "webhook.deleted",
      actor,
      target: { type: "webhook", id: endpoint.id, label: endpointLabel(endpoint.url) },
      metadata: { before: { url: endpointLabel(endpoint.url), enabled: endpoint.disabledAt === null } },
    });
    return { id: endpoint.id, deleted: true };
  });
}
