import { apiRoute } from "@/lib/api/api-route";
import { deleteScopeOp, getScopeOp, updateScopeOp } from "@/lib/api/operations/scopes-audit";
import { findScope } from "@/lib/api/present";
import { scopeVersion } from "@/lib/resource-version";
import { deleteScope } from "@/lib/scopes/delete-scope";
import { listScopes } from "@/lib/scopes/list-scopes";
import { updateScope } from "@/lib/scopes/update-scope";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getScopeOp, async ({ actor, orgSlug, params }) => {
  const scope = findScope(await listScopes(actor, orgSlug), params.name!);
  return { body: scope, version: scopeVersion(scope) };
});

export const PATCH = apiRoute(updateScopeOp, async ({ actor, orgSlug, params, body, ifMatch }) => {
  const { changeRequest } = await updateScope(actor, orgSlug, params.name!, body, { ifVersion: ifMatch });
  if (changeRequest) return { accepted: true, body: { changeRequest } };
  const scope = findScope(await listScopes(actor, orgSlug), params.name!);
  return { body: scope, version: scopeVersion(scope) };
});

export const DELETE = apiRoute(deleteScopeOp, async ({ actor, orgSlug, params }) => {
  await deleteScope(actor, orgSlug, params.name!);
  return {};
});
