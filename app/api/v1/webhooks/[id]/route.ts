import { apiRoute } from "@/lib/api/api-route";
import { deleteWebhookOp, updateWebhookOp } from "@/lib/api/operations/webhooks";
import { deleteWebhookEndpoint } from "@/lib/webhooks/delete-webhook-endpoint";
import { updateWebhookEndpoint } from "@/lib/webhooks/update-webhook-endpoint";

export const dynamic = "force-dynamic";

export const PATCH = apiRoute(updateWebhookOp, async ({ actor, orgSlug, params, body }) => ({ body: await updateWebhookEndpoint(actor, orgSlug, params.id!, body) }));

export const DELETE = apiRoute(deleteWebhookOp, async ({ actor, orgSlug, params }) => {
  await deleteWebhookEndpoint(actor, orgSlug, params.id!);
  return {};
});
