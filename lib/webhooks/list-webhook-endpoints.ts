import { db } from "../db";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { presentEndpoint } from "./present-endpoint";

/** An organisation's endpoints, oldest first, each with its newest delivery's outcome. */
export async function listWebhookEndpoints(actor: Actor, orgSlug: string) {
  const { org } = await authorizeOrg(actor, orgSlug, "webhooks:manage");
  const endpoints = await db().webhookEndpoint.findMany({
    where: { orgId: org.id },
    orderBy: { createdAt: "asc" },
    include: { deliveries: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true, lastStatusCode: true, lastAttemptAt: true } } },
  });
  return endpoints.map((e) => ({
    ...presentEndpoint(e),
    lastDelivery: e.deliveries[0]
      ? { status: e.deliveries[0].status, statusCode: e.deliveries[0].lastStatusCode, attemptedAt: e.deliveries[0].lastAttemptAt?.toISOString() ?? null }
      : null,
  }));
}
