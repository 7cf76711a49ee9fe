import { transaction } from "../db";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { can } from "../permissions";
import { parseInput } from "../validation";
import { createWebhookEndpointSchema, type CreateWebhookEndpointInput } from "../schemas/webhook";
import { generateWebhookSecret, sealWebhookSecret } from "./endpoint-secret";
import { startCursorIfIdle } from "./cursor";
import { endpointLabel, presentEndpoint } from "./present-endpoint";
import { refusePrivateLiteral } from "./refuse-private-literal";
import { MAX_ENDPOINTS_PER_ORG } from "./policy";

/**
 * Add a webhook endpoint. Its signing secret (`whsec_…`) is in this answer
 * only. Allowing private targets is an OWNER's decision.
 */
export async function createWebhookEndpoint(actor: Actor, orgSlug: string, input: CreateWebhookEndpointInput) {
  const data = parseInput(createWebhookEndpointSchema, input);
  const { org, principal } = await authorizeOrg(actor, orgSlug, "webhooks:manage");
  if (data.allowPrivate && !can(principal, "webhooks:allow-private")) throw new AppError("forbidden", "Only an owner may allow private targets");
  if (!data.allowPrivate) refusePrivateLiteral(data.url);
  const secret = generateWebhookSecret();
  return transaction(async (tx) => {
    if ((await tx.webhookEndpoint.count({ where: { orgId: org.id } })) >= MAX_ENDPOINTS_PER_ORG) {
      throw new AppError("conflict", `An organisation has at most ${MAX_ENDPOINTS_PER_ORG} webhook endpoints`);
    }
    const endpoint = await tx.webhookEndpoint.create({
      data: {
        orgId: org.id,
        url: data.url,
        description: data.description,
        events: data.events?.length ? JSON.stringify(data.events) : null,
        secretEnc: sealWebhookSecret(secret),
        allowPrivate: data.allowPrivate,
        createdById: actor.id,
        createdByLabel: actor.label,
      },
    });
    await startCursorIfIdle(tx, org.id, endpoint.id);
    const view = presentEndpoint(endpoint);
    await recordAuditEvent(tx, {
      orgId: org.id,
      action: "webhook.created",
      actor,
      target: { type: "webhook", id: endpoint.id, label: endpointLabel(endpoint.url) },
      metadata: { after: { origin: endpointLabel(endpoint.url), events: view.events, allowPrivate: view.allowPrivate } },
    });
    return { ...view, secret };
  });
}
