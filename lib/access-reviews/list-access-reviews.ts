import { db } from "../db";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { parseInput } from "../validation";
import { listAccessReviewsSchema } from "../schemas/access-review";

/** An organisation's campaigns, newest first, with how far each got. */
export async function listAccessReviews(actor: Actor, orgSlug: string, query: { status?: string; limit?: number | string } = {}) {
  const { status, limit } = parseInput(listAccessReviewsSchema, query);
  const { org } = await authorizeOrg(actor, orgSlug, "access-reviews:read");
  const reviews = await db().accessReview.findMany({
    where: { orgId: org.id, ...(status ? { status } : {}) },
    orderBy: { startedAt: "desc" },
    take: limit,
  });
  const counts = await db().accessReviewItem.groupBy({
    by: ["reviewId", "decision"],
    where: { reviewId: { in: reviews.map((r) => r.id) } },
    _count: { _all: true },
  });
  const tally = (reviewId: string, decision: string | null) =>
    counts.filter((c) => c.reviewId === reviewId && c.decision === decision).reduce((n, c) => n + c._count._all, 0);
  return reviews.map((r) => {
    const keep = tally(r.id, "keep");
    const remove = tally(r.id, "remove");
    const undecided = tally(r.id, null);
    return {
      id: r.id,
      status: r.status as "open" | "closed",
      startedAt: r.startedAt.toISOString(),
      startedBy: r.startedByLabel,
      closedAt: r.closedAt?.toISOString() ?? null,
      closedBy: r.closedByLabel,
      grants: keep + remove + undecided,
      keep,
      remove,
      undecided,
    };
  });
}
export type AccessReviewSummary = Awaited<ReturnType<typeof listAccessReviews>>[number];
