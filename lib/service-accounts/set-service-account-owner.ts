import { transaction } from "../db";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { setServiceAccountOwnerSchema, type SetServiceAccountOwnerInput } from "../schemas/service-account";
import { parseInput } from "../validation";
import { findServiceAccount, lockServiceAccount } from "./lookup";
import { parseJsonList } from "./credential-state";
import { accountVersion, assertVersion, type VersionCheck } from "../resource-version";

/**
 * Name the member who answers for an account (access reviews show them), or
 * nobody. Only a current member of the organisation may be named, looked up
 * by email within the organisation, so another organisation's people cannot
 * be probed through it. Recorded as `service_account.updated` with the
 * owner's email before and after.
 */
export async function setServiceAccountOwner(actor: Actor, orgSlug: string, clientId: string, input: SetServiceAccountOwnerInput, options: VersionCheck = {}) {
  const { ownerEmail } = parseInput(setServiceAccountOwnerSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "service-accounts:write");
  return transaction(async (tx) => {
    const account = await findServiceAccount(tx, org.id, clientId);
    await lockServiceAccount(tx, account.id);
    if (options.ifVersion) {
      const grants = await tx.serviceAccountScope.findMany({ where: { serviceAccountId: account.id }, select: { scope: { select: { name: true } } } });
      const state = { ...account, scopes: grants.map((g) => g.scope.name), audiences: parseJsonList(account.audiences) };
      assertVersion(accountVersion(state), options.ifVersion, `Service account ${account.clientId}`);
    }
    let ownerUserId: string | null = null;
    if (ownerEmail) {
      const member = await tx.membership.findFirst({ where: { orgId: org.id, user: { email: ownerEmail } }, select: { userId: true } });
      if (!member) {
        const message = `${ownerEmail} is not a member of this organisation`;
        throw new AppError("validation_failed", message, { fieldErrors: { ownerEmail: [message] } });
      }
      ownerUserId = member.userId;
    }
    if (ownerUserId === account.ownerUserId) return { clientId: account.clientId, ownerEmail, changed: false };
    const previous = account.ownerUserId ? await tx.user.findUnique({ where: { id: account.ownerUserId }, select: { email: true } }) : null;
    await tx.serviceAccount.update({ where: { id: account.id }, data: { ownerUserId, updatedById: actor.id, updatedByLabel: actor.label } });
    await recordAuditEvent(tx, {
      orgId: org.id,
      action: "service_account.updated",
      actor,
      target: { type: "service_account", id: account.clientId, label: account.name },
      metadata: { before: { owner: previous?.email ?? null }, after: { owner: ownerEmail }, highRiskScopes: [] },
    });
    return { clientId: account.clientId, ownerEmail, changed: true };
  });
}
