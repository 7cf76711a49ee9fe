import { apiRoute } from "@/lib/api/api-route";
import { listWebhookDeliveriesOp } from "@/lib/api/operations/webhooks";
import { page } from "@/lib/api/present";
import { listWebhookDeliveries } from "@/lib/webhooks/list-webhook-deliveries";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listWebhookDeliveriesOp, async ({ actor, orgSlug, params, query }) => ({ body: page(await listWebhookDeliveries(actor, orgSlug, params.id!, query)) }));
