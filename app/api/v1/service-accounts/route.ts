import { apiRoute } from "@/lib/api/api-route";
import { createServiceAccountOp, listServiceAccountsOp } from "@/lib/api/operations/service-accounts";
import { page, presentServiceAccount } from "@/lib/api/present";
import { toCreateInput } from "@/lib/api/schemas/service-accounts";
import { createServiceAccount } from "@/lib/service-accounts/create-service-account";
import { listServiceAccounts } from "@/lib/service-accounts/list-service-accounts";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listServiceAccountsOp, async ({ actor, orgSlug, query: { limit, ...filters } }) => {
  const result = await listServiceAccounts(actor, orgSlug, { ...filters, pageSize: limit });
  return { body: page(result.rows.map(presentServiceAccount), result.nextCursor) };
});

export const POST = apiRoute(createServiceAccountOp, async ({ actor, orgSlug, body }) => ({
  body: await createServiceAccount(actor, orgSlug, toCreateInput(body)),
}));
