import { transaction, type Tx } from "../db";
import { at } from "../clock";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { parseInput } from "../validation";
import { accessReviewRefSchema } from "../schemas/access-review";
import { lockServiceAccount } from "../service-accounts/lookup";
import { lockOpenReview } from "./lock-open-review";

type Outcome = "removed" | "kept" | "undecided" | "gone";

/**
 * Close a campaign and apply its removals, all in one transaction: each
 * account that loses grants gets a `service_account.updated` event naming
 * the campaign, then the campaign gets `access_review.closed`. Nothing is
 * removed if any of it fails. A grant that is already gone (removed by hand
 * since the campaign started, or its account deleted) is recorded as such.
 * Undecided grants are kept: closing never removes what nobody looked at.
 */
export async function closeAccessReview(actor: Actor, orgSlug: string, reviewId: string, options: { now?: Date } = {}) {
  const { reviewId: id } = parseInput(accessReviewRefSchema, { reviewId });
  const { org } = await authorizeOrg(actor, orgSlug, "access-reviews:manage");
  const when = at(options.now);
  return transaction(async (tx) => {
    const review = await tx.accessReview.findFirst({ where: { id, orgId: org.id } });
    if (!review) throw new AppError("not_found", "Access review not found");
    await lockOpenReview(tx, id);
    const items = await tx.accessReviewItem.findMany({ where: { reviewId: id }, include: { account: true } });
    const outcomes = new Map<string, Outcome>();
    for (const item of items) if (item.decision !== "remove") outcomes.set(item.id, item.decision === "keep" ? "kept" : "undecided");

    const removals = new Map<string, typeof items>();
    for (const item of items) {
      if (item.decision === "remove") removals.set(item.account.serviceAccountId, [...(removals.get(item.account.serviceAccountId) ?? []), item]);
    }
    for (const [accountId, remove] of removals) {
      for (const [itemId, outcome] of await applyRemovals(tx, actor, org.id, id, accountId, remove, when)) outcomes.set(itemId, outcome);
    }
    for (const outcome of ["removed", "kept", "undecided", "gone"] as const) {
      const ids = [...outcomes].filter(([, o]) => o === outcome).map(([itemId]) => itemId);
      if (ids.length) await tx.accessReviewItem.updateMany({ where: { id: { in: ids } }, data: { outcome } });
    }
    await tx.accessReview.update({
      where: { id },
      data: { status: "closed", openOrgId: null, closedAt: when, closedById: actor.id, closedByLabel: actor.label },
    });
    const count = (o: Outcome) => [...outcomes.values()].filter((v) => v === o).length;
    const summary = { removed: count("removed"), kept: count("kept"), undecided: count("undecided"), gone: count("gone") };
    await recordAuditEvent(tx, {
      orgId: org.id,
      occurredAt: when,
      action: "access_review.closed",
      actor,
      target: { type: "access_review", id, label: `Access review ${review.startedAt.toISOString().slice(0, 10)}` },
      metadata: { reviewId: id, ...summary },
    });
    return { id, closedAt: when.toISOString(), ...summary };
  });
}

async function applyRemovals(
  tx: Tx,
  actor: Actor,
  orgId: string,
  reviewId: string,
  accountId: string,
  items: { id: string; scopeId: string; scopeName: string }[],
  when: Date,
): Promise<[string, Outcome][]> {
  const account = await tx.serviceAccount.findFirst({ where: { id: accountId, orgId } });
  if (!account) return items.map((i) => [i.id, "gone"]);
  await lockServiceAccount(tx, account.id);
  const grants = await tx.serviceAccountScope.findMany({ where: { serviceAccountId: account.id }, include: { scope: { select: { name: true } } } });
  const held = new Set(grants.map((g) => g.scopeId));
  const present = items.filter((i) => held.has(i.scopeId));
  if (present.length) {
    const removing = new Set(present.map((i) => i.scopeId));
    await tx.serviceAccountScope.deleteMany({ where: { serviceAccountId: account.id, scopeId: { in: [...removing] } } });
    await tx.serviceAccount.update({ where: { id: account.id }, data: { updatedById: actor.id, updatedByLabel: actor.label } });
    const before = grants.map((g) => g.scope.name).sort();
    await recordAuditEvent(tx, {
      orgId,
      occurredAt: when,
      action: "service_account.updated",
      actor,
      target: { type: "service_account", id: account.clientId, label: account.name },
      metadata: {
        before: { scopes: before },
        after: { scopes: grants.filter((g) => !removing.has(g.scopeId)).map((g) => g.scope.name).sort() },
        accessReviewId: reviewId,
        highRiskScopes: [],
      },
    });
  }
  return items.map((i) => [i.id, held.has(i.scopeId) ? "removed" : "gone"]);
}
