import type { Tx } from "../db";
import { accountVersion } from "../resource-version";
import { parseJsonList } from "./credential-state";
import type { AccountFields } from "./diff-account";
import { findAndLockServiceAccount } from "./lookup";

/**
 * An account of this organisation, locked for the rest of the transaction,
 * with its grants, its editable fields and its version (the ETag, and what
 * a change request compares to refuse a stale approval).
 */
export async function lockAccountState(tx: Tx, orgId: string, clientId: string) {
  // Locked first, then read: what a change that waited for the row sees is what committed meanwhile.
  const account = await findAndLockServiceAccount(tx, orgId, clientId);
  const grants = await tx.serviceAccountScope.findMany({ where: { serviceAccountId: account.id }, include: { scope: true } });
  const fields: AccountFields = {
    name: account.name,
    description: account.description,
    scopes: grants.map((g) => g.scope.name).sort(),
    audiences: parseJsonList(account.audiences),
    tokenTtlSeconds: account.tokenTtlSeconds,
  };
  return { account, grants, fields, version: accountVersion({ ...fields, clientId: account.clientId, status: account.status, ownerUserId: account.ownerUserId }) };
}
export type LockedAccount = Awaited<ReturnType<typeof lockAccountState>>;
