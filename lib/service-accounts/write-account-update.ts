import type { Tx } from "../db";
import type { Actor } from "../audit/types";
import type { AccountFields } from "./diff-account";
import type { LockedAccount } from "./account-state";
import { resolveScopes } from "./lookup";

/**
 * Write an edit to a locked account: the fields in `patch`, and for scopes
 * only the difference. Removed grants go and new ones are made (ending at
 * `grantEnd` when time-boxed); a kept grant keeps its history (grantedAt,
 * lastRequestedAt), which least-privilege findings read. Used by a direct
 * update and by an approved change request, so both write the same way.
 * Returns the high-risk scopes it newly granted.
 */
export async function writeAccountUpdate(
  tx: Tx,
  orgId: string,
  locked: LockedAccount,
  patch: Partial<AccountFields>,
  options: { actor: Actor; grantEnd: Date | null },
): Promise<{ highRiskScopes: string[] }> {
  const { account, grants } = locked;
  let highRiskScopes: string[] = [];
  if (patch.scopes) {
    const scopes = await resolveScopes(tx, orgId, patch.scopes);
    const wanted = new Set(scopes.map((s) => s.id));
    const held = new Set(grants.map((g) => g.scopeId));
    const added = scopes.filter((s) => !held.has(s.id));
    await tx.serviceAccountScope.deleteMany({ where: { serviceAccountId: account.id, scopeId: { notIn: [...wanted] } } });
    await tx.serviceAccountScope.createMany({ data: added.map((s) => ({ serviceAccountId: account.id, scopeId: s.id, expiresAt: options.grantEnd })) });
    highRiskScopes = added.filter((s) => s.highRisk).map((s) => s.name);
  }
  await tx.serviceAccount.update({
    where: { id: account.id },
    data: {
      name: patch.name,
      description: patch.description,
      audiences: patch.audiences ? JSON.stringify(patch.audiences) : undefined,
      tokenTtlSeconds: patch.tokenTtlSeconds === undefined ? undefined : Number(patch.tokenTtlSeconds),
      updatedById: options.actor.id,
      updatedByLabel: options.actor.label,
    },
  });
  return { highRiskScopes };
}
