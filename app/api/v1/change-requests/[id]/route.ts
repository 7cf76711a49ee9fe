import { apiRoute } from "@/lib/api/api-route";
import { getChangeRequestOp } from "@/lib/api/operations/change-requests";
import { getChangeRequest } from "@/lib/change-requests/get-change-request";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getChangeRequestOp, async ({ actor, orgSlug, params }) => ({ body: await getChangeRequest(actor, orgSlug, params.id!) }));
