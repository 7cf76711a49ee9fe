import type { Tx } from "../db";
import { AppError } from "../errors";

/** An organisation always keeps at least one owner. */
export async function assertAnotherOwnerRemains(tx: Tx, orgId: string, leavingMembershipId: string) {
  const others = await tx.membership.count({
    where: { orgId, role: "OWNER", id: { not: leavingMembershipId } },
  });
  if (others === 0) throw new AppError("conflict", "An organisation needs at least one owner; make someone else owner first");
}
