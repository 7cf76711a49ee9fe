import { apiRoute } from "@/lib/api/api-route";
import { getAccessReviewOp } from "@/lib/api/operations/access-reviews";
import { getAccessReview } from "@/lib/access-reviews/get-access-review";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getAccessReviewOp, async ({ actor, orgSlug, params }) => ({ body: await getAccessReview(actor, orgSlug, params.id!) }));
