import type { WebhookEndpoint } from "../generated/sqlite/client";
import { AppError } from "../errors";
import type { Client } from "../service-accounts/lookup";
import type { WebhookEventType } from "../schemas/webhook";

/** An endpoint as every adapter shows it: never its secret, sealed or not. */
export function presentEndpoint(e: WebhookEndpoint) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    /** null: every event type. */
    events: e.events ? (JSON.parse(e.events) as WebhookEventType[]) : null,
    allowPrivate: e.allowPrivate,
    enabled: e.disabledAt === null,
    disabledAt: iso(e.disabledAt),
    disabledReason: e.disabledReason,
    failingSince: iso(e.failingSince),
    previousSecretExpiresAt: iso(e.previousSecretExpiresAt),
    createdAt: e.createdAt.toISOString(),
    createdBy: e.createdByLabel,
  };
}
export type WebhookEndpointView = ReturnType<typeof presentEndpoint>;

/**
 * What the audit trail says about an endpoint's address: its origin only. A
 * receiver's path or query may carry a token of its own (many chat and
 * automation services put one there), and the trail never holds a secret.
 */
export function endpointLabel(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid URL)";
  }
}

/** An endpoint of this organisation; another organisation's (or none) answers 404. */
export async function findEndpoint(client: Client, orgId: string, endpointId: unknown) {
  const endpoint = typeof endpointId === "string" && endpointId.length <= 200 ? await client.webhookEndpoint.findFirst({ where: { id: endpointId, orgId } }) : null;
  if (!endpoint) throw new AppError("not_found", "Webhook endpoint not found");
  return endpoint;
}

/** Whether an endpoint subscribes to an event type (null: to every type). */
export const subscribes = (endpoint: { events: string | null }, type: string) => endpoint.events === null || (JSON.parse(endpoint.events) as string[]).includes(type);
