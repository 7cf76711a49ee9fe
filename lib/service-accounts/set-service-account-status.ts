import { transaction } from "../db";
import { at } from "../clock";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { assertVersion, type VersionCheck } from "../resource-version";
import { lockAccountState } from "./account-state";
import { approvalRequired } from "../change-requests/approval-required";
import { openChangeRequest } from "../change-requests/open-change-request";

/**
 * Deactivating stops every secret, API key and issued token of the account
 * at once, because each is checked against the account's status when used;
 * reactivating restores the secrets and keys that have not expired or been
 * revoked, but never the access tokens issued before the deactivation
 * (tokensValidAfter): a token leaked before an incident stays dead.
 * Reactivation restores power, so where the organisation requires approval
 * it waits as a change request; deactivation never waits.
 */
async function setStatus(actor: Actor, orgSlug: string, clientId: string, status: "ACTIVE" | "DISABLED", options: VersionCheck & { now?: Date }) {
  const { org } = await authorizeOrg(actor, orgSlug, "service-accounts:write");
  return transaction(async (tx) => {
    const locked = await lockAccountState(tx, org.id, clientId);
    const { account } = locked;
    // Taken once the row is locked, not before: a token whose event committed while
    // this waited for the lock was asked for before this moment, so tokensValidAfter
    // cuts it off; a token still on its way re-checks the account as its event
    // commits (audit-batcher, lapsed-accounts) and is refused.
    const when = at(options.now);
    assertVersion(locked.version, options.ifVersion, `Service account ${account.clientId}`);
    if (account.status === status) {
      throw new AppError("conflict", `${account.name} is already ${status === "ACTIVE" ? "active" : "deactivated"}`);
    }
    if (status === "ACTIVE" && (await approvalRequired(tx, org.id))) {
      const changeRequest = await openChangeRequest(tx, {
        orgId: org.id,
        actor,
        kind: "activate_service_account",
        target: { type: "service_account", id: account.clientId, label: account.name },
        payload: { summary: `Reactivate ${account.name}`, changes: [{ field: "status", label: "Status", before: account.status, after: "ACTIVE" }] },
        baseVersion: locked.version,
        now: when,
      });
      return { clientId: account.clientId, status: account.status, changeRequest };
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
