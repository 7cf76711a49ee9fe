import { apiRoute } from "@/lib/api/api-route";
import { revokeApiKeyOp } from "@/lib/api/operations/credentials";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";

export const dynamic = "force-dynamic";

// The key must belong to the account in the path: another account's key is 404.
export const DELETE = apiRoute(revokeApiKeyOp, async ({ actor, orgSlug, params }) => ({
  body: await revokeApiKey(actor, orgSlug, params.keyId!, undefined, { clientId: params.clientId! }),
}));
