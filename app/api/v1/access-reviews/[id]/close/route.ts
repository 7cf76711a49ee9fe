import { apiRoute } from "@/lib/api/api-route";
import { closeAccessReviewOp } from "@/lib/api/operations/access-reviews";
import { closeAccessReview } from "@/lib/access-reviews/close-access-review";

export const dynamic = "force-dynamic";

export const POST = apiRoute(closeAccessReviewOp, async ({ actor, orgSlug, params }) => ({ body: await closeAccessReview(actor, orgSlug, params.id!) }));
