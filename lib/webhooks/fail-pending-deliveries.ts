import type { Tx } from "../db";

/** Give up every delivery still waiting for an endpoint (it was disabled). */
export async function failPendingDeliveries(tx: Tx, endpointId: string, reason: string, now: Date): Promise<number> {
  const { count } = await tx.webhookDelivery.updateMany({
    where: { endpointId, status: "pending" },
    data: { status: "failed", lastError: reason, completedAt: now, leaseUntil: null, leaseToken: null },
  });
  return count;
}
