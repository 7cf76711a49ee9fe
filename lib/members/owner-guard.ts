import { dbProvider, type Tx } from "../db";
import { AppError } from "../errors";

/**
 * The membership a change is about to demote or remove, read only after the
 * organisation's owner memberships are locked for the rest of the
 * transaction. Every change that can take an owner away goes through here,
 * so two of them in one organisation run one after the other and the second
 * counts what the first left: counting first and writing after, two
 * concurrent demotions of two owners both passed on PostgreSQL and left
 * none. (PostgreSQL: row locks, re-checked against the committed rows when
 * they are released. SQLite: the transaction already holds the database
 * write lock from BEGIN IMMEDIATE, see sqlite-adapter.ts.)
 */
export async function findMembershipToChange(tx: Tx, orgId: string, membershipId: string) {
  if (dbProvider() === "postgresql") {
    await tx.$queryRaw`SELECT "id" FROM "Membership" WHERE "orgId" = ${orgId} AND "role" = 'OWNER' FOR UPDATE`;
  }
  const membership = await tx.membership.findFirst({
    where: { id: membershipId, orgId },
    include: { user: { select: { email: true } } },
  });
  if (!membership) throw new AppError("not_found", "Member not found");
  return membership;
}

/** An organisation always keeps at least one owner. Call after findMembershipToChange, in its transaction. */
export async function assertAnotherOwnerRemains(tx: Tx, orgId: string, leavingMembershipId: string) {
  const others = await tx.membership.count({
    where: { orgId, role: "OWNER", id: { not: leavingMembershipId } },
  });
  if (others === 0) throw new AppError("conflict", "An organisation needs at least one owner; make someone else owner first");
}
