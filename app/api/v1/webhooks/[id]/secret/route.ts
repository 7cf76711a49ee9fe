import { apiRoute } from "@/lib/api/api-route";
import { rotateWebhookSecretOp } from "@/lib/api/operations/webhooks";
import { rotateWebhookSecret } from "@/lib/webhooks/rotate-webhook-secret";

export const dynamic = "force-dynamic";

export const POST = apiRoute(rotateWebhookSecretOp, async ({ actor, orgSlug, params }) => ({ body: await rotateWebhookSecret(actor, orgSlug, params.id!) }));
