import { apiRoute } from "@/lib/api/api-route";
import { listAccessReviewsOp, startAccessReviewOp } from "@/lib/api/operations/access-reviews";
import { page } from "@/lib/api/present";
import { listAccessReviews } from "@/lib/access-reviews/list-access-reviews";
import { startAccessReview } from "@/lib/access-reviews/start-access-review";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listAccessReviewsOp, async ({ actor, orgSlug, query }) => ({ body: page(await listAccessReviews(actor, orgSlug, query)) }));

export const POST = apiRoute(startAccessReviewOp, async ({ actor, orgSlug }) => ({ body: await startAccessReview(actor, orgSlug) }));
