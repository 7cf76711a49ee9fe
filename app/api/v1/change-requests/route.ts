import { apiRoute } from "@/lib/api/api-route";
import { listChangeRequestsOp } from "@/lib/api/operations/change-requests";
import { listChangeRequests } from "@/lib/change-requests/list-change-requests";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listChangeRequestsOp, async ({ actor, orgSlug, query }) => ({ body: await listChangeRequests(actor, orgSlug, query) }));
