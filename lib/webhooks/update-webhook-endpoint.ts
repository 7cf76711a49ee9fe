import { transaction } from "../db";
import { at } from "../clock";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { can } from "../permissions";
import { parseInput } from "../validation";
import { updateWebhookEndpointSchema, type UpdateWebhookEndpointInput } from "../schemas/webhook";
import { startCursorIfIdle } from "./cursor";
import { endpointLabel, findEndpoint, presentEndpoint } from "./present-endpoint";
import { refusePrivateLiteral } from "./refuse-private-literal";
import { failPendingDeliveries } from "./fail-pending-deliveries";

/**
 * Change an endpoint's address, events or private-target setting, or
 * disable and enable it. Allowing private targets, and moving an endpoint
 * that allows them to another address, are an OWNER's decisions: otherwise
 * an ADMIN could point an owner's exception anywhere inside. Enabling
 * forgets past failures; disabling gives up its pending deliveries.
 */
export async function updateWebhookEndpoint(actor: Actor, orgSlug: string, endpointId: string, input: UpdateWebhookEndpointInput, options: { now?: Date } = {}) {
  const data = parseInput(updateWebhookEndpointSchema, input);
  const { org, principal } = await authorizeOrg(actor, orgSlug, "webhooks:manage");
  const when = at(options.now);
  return transaction(async (tx) => {
    const endpoint = await findEndpoint(tx, org.id, endpointId);
    const allowPrivate = data.allowPrivate ?? endpoint.allowPrivate;
    const url = data.url ?? endpoint.url;
    const needsOwner = (data.allowPrivate === true && !endpoint.allowPrivate) || (allowPrivate && url !== endpoint.url);
    if (needsOwner && !can(principal, "webhooks:allow-private")) throw new AppError("forbidden", "Only an owner may allow private targets");
    if (!allowPrivate) refusePrivateLiteral(url);

    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const change: Record<string, unknown> = {};
    const note = (field: string, was: unknown, now: unknown) => {
      if (JSON.stringify(was) === JSON.stringify(now)) return;
      before[field] = was;
      after[field] = now;
    };
    if (data.url !== undefined && data.url !== endpoint.url) {
      change.url = data.url;
      // Origins only (see endpointLabel); a change within one origin still shows as a change.
      before.url = endpointLabel(endpoint.url);
      after.url = endpointLabel(data.url);
      if (before.url === after.url) after.pathChanged = true;
    }
    if (data.description !== undefined && data.description !== endpoint.description) {
      change.description = data.description;
      note("description", endpoint.description, data.description);
    }
    if (data.events !== undefined) {
      const events = data.events?.length ? JSON.stringify(data.events) : null;
      if (events !== endpoint.events) {
        change.events = events;
        note("events", presentEndpoint(endpoint).events, data.events?.length ? data.events : null);
      }
    }
    if (data.allowPrivate !== undefined && data.allowPrivate !== endpoint.allowPrivate) {
      change.allowPrivate = data.allowPrivate;
      note("allowPrivate", endpoint.allowPrivate, data.allowPrivate);
    }
    const enabled = endpoint.disabledAt === null;
    if (data.enabled !== undefined && data.enabled !== enabled) {
      Object.assign(change, data.enabled ? { disabledAt: null, disabledReason: null, failingSince: null } : { disabledAt: when, disabledReason: `Disabled by ${actor.label ?? actor.type}` });
      note("enabled", enabled, data.enabled);
      if (data.enabled) await startCursorIfIdle(tx, org.id, endpoint.id);
      else await failPendingDeliveries(tx, endpoint.id, "endpoint disabled", when);
    }
    if (Object.keys(change).length === 0) return { ...presentEndpoint(endpoint), changed: false };
    const updated = await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: change });
    await recordAuditEvent(tx, {
      orgId: org.id,
      occurredAt: when,
      action: "webhook.updated",
      actor,
      target: { type: "webhook", id: endpoint.id, label: endpointLabel(updated.url) },
      metadata: { before, after },
    });
    return { ...presentEndpoint(updated), changed: true };
  });
}
