import { db, dbProvider, Prisma, transaction } from "../db";
import { randomToken } from "../crypto/random";
import { CLAIM_BATCH, DELIVERY_LEASE_MS } from "./policy";

/**
 * Claim due deliveries for this worker: pending, due, not under another
 * worker's live lease, for an enabled endpoint. The claim is a lease
 * (leaseUntil, leaseToken) written in the same transaction that picked the
 * rows: on PostgreSQL the rows are picked `FOR UPDATE SKIP LOCKED`, so two
 * instances claiming at once get different rows and neither waits; on
 * SQLite the transaction holds the database's one write lock. A worker that
 * dies leaves its lease to expire, and the delivery is claimed again.
 */
export async function claimWebhookDeliveries(options: { now?: Date; limit?: number; leaseMs?: number; orgIds?: string[] } = {}) {
  const now = options.now ?? new Date();
  const limit = options.limit ?? CLAIM_BATCH;
  const leaseToken = randomToken(16);
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? DELIVERY_LEASE_MS));
  const ids = await transaction(async (tx) => {
    let picked: string[];
    if (dbProvider() === "postgresql") {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT d."id" FROM "WebhookDelivery" d
        WHERE d."status" = 'pending' AND d."nextAttemptAt" <= ${now} AND (d."leaseUntil" IS NULL OR d."leaseUntil" <= ${now})
          AND d."endpointId" IN (SELECT e."id" FROM "WebhookEndpoint" e WHERE e."disabledAt" IS NULL)
          ${options.orgIds ? Prisma.sql`AND d."orgId" IN (${Prisma.join(options.orgIds)})` : Prisma.empty}
        ORDER BY d."nextAttemptAt" ASC
        LIMIT ${limit}
        FOR UPDATE OF d SKIP LOCKED`;
      picked = rows.map((r) => r.id);
    } else {
      const rows = await tx.webhookDelivery.findMany({
        where: {
          status: "pending",
          nextAttemptAt: { lte: now },
          OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }],
          endpoint: { disabledAt: null },
          ...(options.orgIds ? { orgId: { in: options.orgIds } } : {}),
        },
        orderBy: { nextAttemptAt: "asc" },
        take: limit,
        select: { id: true },
      });
      picked = rows.map((r) => r.id);
    }
    if (picked.length) await tx.webhookDelivery.updateMany({ where: { id: { in: picked } }, data: { leaseUntil, leaseToken } });
    return picked;
  });
  if (ids.length === 0) return [];
  const claimed = await db().webhookDelivery.findMany({
    where: { id: { in: ids }, leaseToken },
    include: { message: true, endpoint: true },
  });
  return claimed.map((d) => ({ ...d, leaseToken }));
}
export type ClaimedDelivery = Awaited<ReturnType<typeof claimWebhookDeliveries>>[number];
