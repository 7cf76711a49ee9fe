import { apiRoute } from "@/lib/api/api-route";
import { rejectChangeRequestOp } from "@/lib/api/operations/change-requests";
import { rejectChangeRequest } from "@/lib/change-requests/reject-change-request";

export const dynamic = "force-dynamic";

export const POST = apiRoute(rejectChangeRequestOp, async ({ actor, orgSlug, params, body }) => ({
  body: await rejectChangeRequest(actor, orgSlug, params.id!, body),
}));
