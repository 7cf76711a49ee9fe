import { apiRoute } from "@/lib/api/api-route";
import { listSecretsOp, rotateSecretOp } from "@/lib/api/operations/credentials";
import { page } from "@/lib/api/present";
import { getServiceAccount } from "@/lib/service-accounts/get-service-account";
import { rotateClientSecret } from "@/lib/service-accounts/rotate-client-secret";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listSecretsOp, async ({ actor, orgSlug, params }) => ({
  body: page((await getServiceAccount(actor, orgSlug, params.clientId!)).secrets),
}));

export const POST = apiRoute(rotateSecretOp, async ({ actor, orgSlug, params, body }) => ({
  body: await rotateClientSecret(actor, orgSlug, params.clientId!, body),
}));
