import type { Tx } from "../db";

/**
 * Whether the organisation holds high-risk changes for approval. Read
 * inside the change's own transaction, so a change cannot slip through on a
 * setting read before approval was turned on.
 */
export async function approvalRequired(tx: Tx, orgId: string): Promise<boolean> {
  const org = await tx.organization.findUnique({ where: { id: orgId }, select: { requireApproval: true } });
  return org?.requireApproval ?? false;
}
