import { apiRoute } from "@/lib/api/api-route";
import { createApiKeyOp, listApiKeysOp } from "@/lib/api/operations/credentials";
import { page } from "@/lib/api/present";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { getServiceAccount } from "@/lib/service-accounts/get-service-account";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listApiKeysOp, async ({ actor, orgSlug, params }) => ({
  body: page((await getServiceAccount(actor, orgSlug, params.clientId!)).apiKeys),
}));

export const POST = apiRoute(createApiKeyOp, async ({ actor, orgSlug, params, body }) => {
  const key = await createApiKey(actor, orgSlug, params.clientId!, body);
  return { body: key, accepted: Boolean(key.changeRequest) };
});
