import { transaction } from "../db";
import { at } from "../clock";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { parseInput } from "../validation";
import { accessReviewRefSchema, decideAccessReviewSchema, type DecideAccessReviewInput } from "../schemas/access-review";
import { lockOpenReview } from "./lock-open-review";

/**
 * Mark one grant of an open campaign keep or remove. This is the one write
 * a REVIEWER may make: it changes nothing but the decision; the removal
 * happens when an ADMIN or OWNER closes the campaign. A decision may change
 * while the campaign is open; each change is its own audit event.
 */
export async function decideAccessReview(actor: Actor, orgSlug: string, reviewId: string, input: DecideAccessReviewInput, options: { now?: Date } = {}) {
  const { reviewId: id } = parseInput(accessReviewRefSchema, { reviewId });
  const { itemId, decision } = parseInput(decideAccessReviewSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "access-reviews:decide");
  const when = at(options.now);
  return transaction(async (tx) => {
    const item = await tx.accessReviewItem.findFirst({ where: { id: itemId, reviewId: id, review: { orgId: org.id } }, include: { account: true } });
    if (!item) throw new AppError("not_found", "This grant is not part of that access review");
    await lockOpenReview(tx, id);
    if (item.decision === decision) return { itemId, decision, changed: false };
    await tx.accessReviewItem.update({
      where: { id: item.id },
      data: { decision, decidedById: actor.id, decidedByLabel: actor.label, decidedAt: when },
    });
    await recordAuditEvent(tx, {
      orgId: org.id,
      occurredAt: when,
      action: "access_review.decided",
      actor,
      target: { type: "access_review", id, label: `${item.account.name}: ${item.scopeName}` },
      metadata: { reviewId: id, itemId, clientId: item.account.clientId, scope: item.scopeName, decision, previous: item.decision },
    });
    return { itemId, decision, changed: true };
  });
}
