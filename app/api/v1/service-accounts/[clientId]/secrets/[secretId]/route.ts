import { apiRoute } from "@/lib/api/api-route";
import { revokeSecretOp } from "@/lib/api/operations/credentials";
import { revokeClientSecret } from "@/lib/service-accounts/revoke-client-secret";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute(revokeSecretOp, async ({ actor, orgSlug, params }) => ({
  body: await revokeClientSecret(actor, orgSlug, params.clientId!, params.secretId!),
}));
