import { db, transaction } from "../db";
import { systemActor } from "../audit/types";
import { recordAuditEvent } from "../audit/record-audit-event";
import { lockServiceAccount } from "../service-accounts/lookup";

/**
 * Remove the time-boxed grants that have ended, one account per
 * transaction, each removal recorded as `service_account.grant_expired`
 * (system actor) with the scopes before and after. The grants stopped
 * counting at their end already (the hot path ignores them); this makes the
 * account's record say so. Run by the maintenance loop; a second instance
 * finds nothing left under the account's lock and records nothing.
 */
export async function removeExpiredGrants(now = new Date()): Promise<{ accounts: number; grants: number }> {
  const due = await db().serviceAccountScope.findMany({
    where: { expiresAt: { lte: now } },
    select: { serviceAccountId: true },
    distinct: ["serviceAccountId"],
    take: 500,
  });
  let grants = 0;
  let accounts = 0;
  for (const { serviceAccountId } of due) {
    const removed = await transaction(async (tx) => {
      await lockServiceAccount(tx, serviceAccountId);
      const held = await tx.serviceAccountScope.findMany({ where: { serviceAccountId }, include: { scope: { select: { name: true } } } });
      const ended = held.filter((g) => g.expiresAt && g.expiresAt <= now);
      if (!ended.length) return 0;
      const account = await tx.serviceAccount.findUniqueOrThrow({ where: { id: serviceAccountId } });
      await tx.serviceAccountScope.deleteMany({ where: { serviceAccountId, scopeId: { in: ended.map((g) => g.scopeId) } } });
      const before = held.map((g) => g.scope.name).sort();
      const gone = new Set(ended.map((g) => g.scope.name));
      const last = ended.reduce((max, g) => (g.expiresAt! > max ? g.expiresAt! : max), ended[0]!.expiresAt!);
      await recordAuditEvent(tx, {
        orgId: account.orgId,
        occurredAt: now,
        action: "service_account.grant_expired",
        actor: systemActor,
        target: { type: "service_account", id: account.clientId, label: account.name },
        metadata: { scopes: [...gone].sort(), expiredAt: last.toISOString(), before: { scopes: before }, after: { scopes: before.filter((s) => !gone.has(s)) } },
      });
      return ended.length;
    });
    if (removed) {
      accounts++;
      grants += removed;
    }
  }
  return { accounts, grants };
}
