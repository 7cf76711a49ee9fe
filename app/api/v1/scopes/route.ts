import { apiRoute } from "@/lib/api/api-route";
import { createScopeOp, listScopesOp } from "@/lib/api/operations/scopes-audit";
import { page } from "@/lib/api/present";
import { createScope } from "@/lib/scopes/create-scope";
import { listScopes } from "@/lib/scopes/list-scopes";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listScopesOp, async ({ actor, orgSlug }) => ({ body: page(await listScopes(actor, orgSlug)) }));

export const POST = apiRoute(createScopeOp, async ({ actor, orgSlug, body }) => {
  const scope = await createScope(actor, orgSlug, body);
  return { body: { ...scope, holders: 0, updatedAt: scope.updatedAt.toISOString() } };
});
