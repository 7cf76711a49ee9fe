import { apiRoute } from "@/lib/api/api-route";
import { createWebhookOp, listWebhooksOp } from "@/lib/api/operations/webhooks";
import { page } from "@/lib/api/present";
import { createWebhookEndpoint } from "@/lib/webhooks/create-webhook-endpoint";
import { listWebhookEndpoints } from "@/lib/webhooks/list-webhook-endpoints";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listWebhooksOp, async ({ actor, orgSlug }) => ({ body: page(await listWebhookEndpoints(actor, orgSlug)) }));

export const POST = apiRoute(createWebhookOp, async ({ actor, orgSlug, body }) => ({ body: await createWebhookEndpoint(actor, orgSlug, body) }));
