import { apiRoute } from "@/lib/api/api-route";
import { deleteServiceAccountOp, getServiceAccountOp, updateServiceAccountOp } from "@/lib/api/operations/service-accounts";
import { patchServiceAccount } from "@/lib/api/patch-service-account";
import { presentServiceAccount } from "@/lib/api/present";
import { accountVersion } from "@/lib/resource-version";
import { deleteServiceAccount } from "@/lib/service-accounts/delete-service-account";
import { getServiceAccount } from "@/lib/service-accounts/get-service-account";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getServiceAccountOp, async ({ actor, orgSlug, params }) => {
  const account = presentServiceAccount((await getServiceAccount(actor, orgSlug, params.clientId!)).account);
  return { body: account, version: accountVersion(account) };
});

export const PATCH = apiRoute(updateServiceAccountOp, async ({ actor, orgSlug, params, body, ifMatch }) => {
  const result = await patchServiceAccount(actor, orgSlug, params.clientId!, body, ifMatch);
  if (result.changeRequest) return { accepted: true, body: { changeRequest: result.changeRequest } };
  const account = presentServiceAccount(result.account);
  return { body: account, version: accountVersion(account) };
});

export const DELETE = apiRoute(deleteServiceAccountOp, async ({ actor, orgSlug, params }) => {
  await deleteServiceAccount(actor, orgSlug, params.clientId!);
  return {};
});
