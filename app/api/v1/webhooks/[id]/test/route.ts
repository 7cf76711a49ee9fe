import { apiRoute } from "@/lib/api/api-route";
import { sendTestWebhookOp } from "@/lib/api/operations/webhooks";
import { sendTestWebhook } from "@/lib/webhooks/send-test-webhook";

export const dynamic = "force-dynamic";

export const POST = apiRoute(sendTestWebhookOp, async ({ actor, orgSlug, params }) => ({ body: await sendTestWebhook(actor, orgSlug, params.id!) }));
