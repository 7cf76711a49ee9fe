import { db } from "../db";
import { AppError } from "../errors";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { parseInput } from "../validation";
import { accessReviewRefSchema } from "../schemas/access-review";

export interface ReviewCredential {
  kind: "client_secret" | "api_key";
  id: string;
  name: string | null;
  hint: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** One campaign with every account it covers, each grant and its decision. Another organisation's answers 404. */
export async function getAccessReview(actor: Actor, orgSlug: string, reviewId: string) {
  const { reviewId: id } = parseInput(accessReviewRefSchema, { reviewId });
  const { org } = await authorizeOrg(actor, orgSlug, "access-reviews:read");
  const review = await db().accessReview.findFirst({
    where: { id, orgId: org.id },
    include: { accounts: { orderBy: { name: "asc" }, include: { items: { orderBy: { scopeName: "asc" } } } } },
  });
  if (!review) throw new AppError("not_found", "Access review not found");
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const accounts = review.accounts.map((a) => ({
    clientId: a.clientId,
    name: a.name,
    status: a.status,
    owner: a.ownerLabel,
    credentials: JSON.parse(a.credentials) as ReviewCredential[],
    grants: a.items.map((i) => ({
      itemId: i.id,
      scope: i.scopeName,
      highRisk: i.highRisk,
      grantedAt: i.grantedAt.toISOString(),
      lastRequestedAt: iso(i.lastRequestedAt),
      decision: i.decision as "keep" | "remove" | null,
      decidedBy: i.decidedByLabel,
      decidedAt: iso(i.decidedAt),
      outcome: i.outcome as "removed" | "kept" | "undecided" | "gone" | null,
    })),
  }));
  const all = accounts.flatMap((a) => a.grants);
  return {
    id: review.id,
    status: review.status as "open" | "closed",
    startedAt: review.startedAt.toISOString(),
    startedBy: review.startedByLabel,
    closedAt: iso(review.closedAt),
    closedBy: review.closedByLabel,
    grants: all.length,
    keep: all.filter((g) => g.decision === "keep").length,
    remove: all.filter((g) => g.decision === "remove").length,
    undecided: all.filter((g) => g.decision === null).length,
    accounts,
  };
}
export type AccessReviewDetail = Awaited<ReturnType<typeof getAccessReview>>;
