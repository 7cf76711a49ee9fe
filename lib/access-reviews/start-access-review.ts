import { Prisma, transaction, type Tx } from "../db";
import { at } from "../clock";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { credentialStatus } from "../service-accounts/credential-state";

/**
 * Start a campaign: every account of the organisation with each scope it
 * holds, when that scope was last requested, its credentials and their
 * ages, and its owner, copied as they are now so the evidence does not move
 * under the reviewers. One campaign is open at a time (a unique column that
 * only an open campaign fills, so two concurrent starts cannot both win).
 */
export async function startAccessReview(actor: Actor, orgSlug: string, options: { now?: Date } = {}) {
  const { org } = await authorizeOrg(actor, orgSlug, "access-reviews:manage");
  const when = at(options.now);
  try {
    return await transaction(async (tx) => {
      const review = await tx.accessReview.create({
        data: { orgId: org.id, openOrgId: org.id, startedAt: when, startedById: actor.id, startedByLabel: actor.label },
      });
      const { accounts, grants } = await snapshotAccounts(tx, org.id, review.id, when);
      await recordAuditEvent(tx, {
        orgId: org.id,
        occurredAt: when,
        action: "access_review.started",
        actor,
        target: { type: "access_review", id: review.id, label: `Access review ${when.toISOString().slice(0, 10)}` },
        metadata: { reviewId: review.id, accounts, grants },
      });
      return { id: review.id, startedAt: when.toISOString(), accounts, grants };
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw new AppError("conflict", "An access review is already open in this organisation; close it before starting another");
    }
    throw e;
  }
}

async function snapshotAccounts(tx: Tx, orgId: string, reviewId: string, now: Date) {
  // One query at a time, each with at most one relation: a transaction is one
  // connection, and Prisma would load sibling relations concurrently on it.
  const accounts = await tx.serviceAccount.findMany({ where: { orgId }, orderBy: { name: "asc" }, include: { owner: { select: { id: true, email: true } } } });
  const held = await tx.serviceAccountScope.findMany({ where: { serviceAccount: { orgId } }, include: { scope: { select: { id: true, name: true, highRisk: true } } } });
  const credential = { id: true, serviceAccountId: true, hint: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true } as const;
  const secrets = await tx.clientSecret.findMany({ where: { serviceAccount: { orgId }, revokedAt: null }, orderBy: { createdAt: "asc" }, select: credential });
  const apiKeys = await tx.apiKey.findMany({ where: { orgId, revokedAt: null }, orderBy: { createdAt: "asc" }, select: { ...credential, name: true } });
  const members = await tx.membership.findMany({ where: { orgId }, select: { userId: true } });
  const memberIds = new Set(members.map((m) => m.userId));
  let grants = 0;
  for (const a of accounts) {
    // Hints and ids only: which credential, how old, when last used. Never a hash.
    const credentials = [
      ...secrets.filter((s) => s.serviceAccountId === a.id).map((s) => ({ kind: "client_secret", id: s.id, name: null as string | null, hint: s.hint, createdAt: s.createdAt, expiresAt: s.expiresAt, lastUsedAt: s.lastUsedAt, status: credentialStatus(s, now) })),
      ...apiKeys.filter((k) => k.serviceAccountId === a.id).map((k) => ({ kind: "api_key", id: k.id, name: k.name, hint: k.hint, createdAt: k.createdAt, expiresAt: k.expiresAt, lastUsedAt: k.lastUsedAt, status: credentialStatus(k, now) })),
    ].filter((c) => c.status === "active");
    const ownerLabel = a.owner ? `${a.owner.email}${memberIds.has(a.owner.id) ? "" : " (no longer a member)"}` : null;
    const row = await tx.accessReviewAccount.create({
      data: {
        reviewId,
        serviceAccountId: a.id,
        clientId: a.clientId,
        name: a.name,
        status: a.status,
        ownerUserId: a.owner?.id ?? null,
        ownerLabel,
        credentials: JSON.stringify(credentials),
      },
    });
    const mine = held.filter((g) => g.serviceAccountId === a.id).sort((x, y) => x.scope.name.localeCompare(y.scope.name));
    await tx.accessReviewItem.createMany({
      data: mine.map((g) => ({
        reviewId,
        reviewAccountId: row.id,
        scopeId: g.scope.id,
        scopeName: g.scope.name,
        highRisk: g.scope.highRisk,
        grantedAt: g.grantedAt,
        lastRequestedAt: g.lastRequestedAt,
      })),
    });
    grants += mine.length;
  }
  return { accounts: accounts.length, grants };
}
