import { transaction } from "../db";
import { at } from "../clock";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { findAndLockServiceAccount } from "./lookup";
import { accountVersion, assertVersion, type VersionCheck } from "../resource-version";
import { parseJsonList } from "./credential-state";

/**
 * Deactivating stops every secret, API key and issued token of the account
 * at once, because each is checked against the account's status when used;
 * reactivating restores the secrets and keys that have not expired or been
 * revoked, but never the access tokens issued before the deactivation
 * (tokensValidAfter): a token leaked before an incident stays dead.
 */
async function setStatus(actor: Actor, orgSlug: string, clientId: string, status: "ACTIVE" | "DISABLED", options: VersionCheck & { now?: Date }) {
  const { org } = await authorizeOrg(actor, orgSlug, "service-accounts:write");
  return transaction(async (tx) => {
    const account = await findAndLockServiceAccount(tx, org.id, clientId);
    // Taken once the row is locked, not before: a token whose event committed while
    // this waited for the lock was asked for before this moment, so tokensValidAfter
    // cuts it off; a token still on its way re-checks the account as its event
    // commits (audit-batcher, lapsed-accounts) and is refused.
    const when = at(options.now);
    if (options.ifVersion) {
      const grants = await tx.serviceAccountScope.findMany({ where: { serviceAccountId: account.id }, select: { scope: { select: { name: true } } } });
      const state = { ...account, scopes: grants.map((g) => g.scope.name), audiences: parseJsonList(account.audiences) };
      assertVersion(accountVersion(state), options.ifVersion, `Service account ${account.clientId}`);
    }
    if (account.status === status) {
      throw new AppError("conflict", `${account.name} is already ${status === "ACTIVE" ? "active" : "deactivated"}`);
    }
    await tx.serviceAccount.update({
      where: { id: account.id },
      data: { status, updatedById: actor.id, updatedByLabel: actor.label, ...(status === "DISABLED" ? { tokensValidAfter: when } : {}) },
    });
    await recordAuditEvent(tx, {
      orgId: org.id,
      occurredAt: when,
      action: status === "ACTIVE" ? "service_account.activated" : "service_account.deactivated",
      actor,
      target: { type: "service_account", id: account.clientId, label: account.name },
      metadata: { before: { status: account.status }, after: { status } },
    });
    return { clientId: account.clientId, status };
  });
}

export const deactivateServiceAccount = (actor: Actor, orgSlug: string, clientId: string, options: VersionCheck & { now?: Date } = {}) =>
  setStatus(actor, orgSlug, clientId, "DISABLED", options);
export const activateServiceAccount = (actor: Actor, orgSlug: string, clientId: string, options: VersionCheck & { now?: Date } = {}) =>
  setStatus(actor, orgSlug, clientId, "ACTIVE", options);
