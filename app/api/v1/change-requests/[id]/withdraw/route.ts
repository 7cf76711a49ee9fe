import { apiRoute } from "@/lib/api/api-route";
import { withdrawChangeRequestOp } from "@/lib/api/operations/change-requests";
import { withdrawChangeRequest } from "@/lib/change-requests/withdraw-change-request";

export const dynamic = "force-dynamic";

export const POST = apiRoute(withdrawChangeRequestOp, async ({ actor, orgSlug, params }) => ({ body: await withdrawChangeRequest(actor, orgSlug, params.id!) }));
