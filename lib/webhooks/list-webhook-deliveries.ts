import { db } from "../db";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { parseInput } from "../validation";
import { listWebhookDeliveriesSchema } from "../schemas/webhook";
import { findEndpoint } from "./present-endpoint";

/**
 * An endpoint's delivery log, newest first: each message's type and id, its
 * status, and every attempt with the response code or our reason for the
 * failure. The payloads themselves are not shown (they are in the receiver's
 * hands; the log is for diagnosing delivery).
 */
export async function listWebhookDeliveries(actor: Actor, orgSlug: string, endpointId: string, query: { status?: string; limit?: number | string } = {}) {
  const { status, limit } = parseInput(listWebhookDeliveriesSchema, query);
  const { org } = await authorizeOrg(actor, orgSlug, "webhooks:manage");
  const endpoint = await findEndpoint(db(), org.id, endpointId);
  const deliveries = await db().webhookDelivery.findMany({
    where: { endpointId: endpoint.id, ...(status ? { status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { message: { select: { id: true, type: true } }, attemptLog: { orderBy: { attemptedAt: "asc" } } },
  });
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return deliveries.map((d) => ({
    id: d.id,
    messageId: d.message.id,
    type: d.message.type,
    status: d.status as "pending" | "succeeded" | "failed",
    attempts: d.attempts,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    completedAt: iso(d.completedAt),
    attemptLog: d.attemptLog.map((a) => ({ attemptedAt: a.attemptedAt.toISOString(), statusCode: a.statusCode, error: a.error, durationMs: a.durationMs })),
  }));
}
export type WebhookDeliveryView = Awaited<ReturnType<typeof listWebhookDeliveries>>[number];
