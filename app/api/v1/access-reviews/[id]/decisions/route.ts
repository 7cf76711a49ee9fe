import { apiRoute } from "@/lib/api/api-route";
import { decideAccessReviewOp } from "@/lib/api/operations/access-reviews";
import { decideAccessReview } from "@/lib/access-reviews/decide-access-review";

export const dynamic = "force-dynamic";

export const POST = apiRoute(decideAccessReviewOp, async ({ actor, orgSlug, params, body }) => ({ body: await decideAccessReview(actor, orgSlug, params.id!, body) }));
