import { apiRoute } from "@/lib/api/api-route";
import { approveChangeRequestOp } from "@/lib/api/operations/change-requests";
import { approveChangeRequest } from "@/lib/change-requests/approve-change-request";

export const dynamic = "force-dynamic";

export const POST = apiRoute(approveChangeRequestOp, async ({ actor, orgSlug, params }) => ({ body: await approveChangeRequest(actor, orgSlug, params.id!) }));
