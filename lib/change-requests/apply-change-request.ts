import type { ChangeRequest, Tx } from "../db";
import type { Actor } from "../audit/types";
import { isAppError } from "../errors";
import { scopeVersion } from "../resource-version";
import { changedFields } from "../service-accounts/changed-fields";
import { lockAccountState } from "../service-accounts/account-state";
import { diffAccount } from "../service-accounts/diff-account";
import { writeAccountUpdate } from "../service-accounts/write-account-update";
import type { ChangeRequestPayload, StoredPayload as Payload } from "./payload";
import { grantEndFrom } from "./policy";
import { assertStillApplies, settingsVersion, targetGone } from "./target-version";

/** What an applied request changed, for its `change_request.applied` event. */
export interface AppliedChange {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  /** High-risk scopes newly granted (the org home lists such changes). */
  highRiskScopes?: string[];
  grantExpiresAt?: string;
}

/**
 * Make an approved request's change, exactly as it was requested, inside
 * the approval's transaction, and only if its target is still at the
 * version the request was based on (else nothing changes: the approval is
 * refused). Each kind writes through the same helpers as the direct change.
 */
export async function applyChangeRequest(tx: Tx, orgId: string, cr: ChangeRequest, payload: Payload, actor: Actor, when: Date): Promise<AppliedChange> {
  switch (cr.kind) {
    case "grant_scopes":
    case "update_service_account":
    case "create_api_key":
    case "activate_service_account":
      return applyToAccount(tx, orgId, cr, payload, actor, when);
    case "disable_approval": {
      const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId } });
      assertStillApplies(settingsVersion(org), cr);
      await tx.organization.update({ where: { id: orgId }, data: { requireApproval: false } });
      return { before: { requireApproval: true }, after: { requireApproval: false } };
    }
    case "update_scope": {
      const scope = await tx.scope.findUnique({ where: { orgId_name: { orgId, name: cr.targetId } } });
      if (!scope) throw targetGone(cr);
      assertStillApplies(scopeVersion(scope), cr);
      const data = payload.scope ?? {};
      await tx.scope.update({ where: { id: scope.id }, data });
      return changedFields(scope, data) ?? { before: {}, after: {} };
    }
    default:
      throw new Error(`unknown change request kind ${cr.kind}`);
  }
}

async function applyToAccount(tx: Tx, orgId: string, cr: ChangeRequest, payload: Payload, actor: Actor, when: Date): Promise<AppliedChange> {
  const locked = await lockAccountState(tx, orgId, cr.targetId).catch((e: unknown) => {
    throw isAppError(e) && e.code === "not_found" ? targetGone(cr) : e;
  });
  assertStillApplies(locked.version, cr);
  const { account, fields } = locked;
  const grantEnd = grantEndFrom(when, payload.grantForSeconds);
  const grantExpiresAt = grantEnd?.toISOString();

  if (cr.kind === "activate_service_account") {
    await tx.serviceAccount.update({ where: { id: account.id }, data: { status: "ACTIVE", updatedById: actor.id, updatedByLabel: actor.label } });
    return { before: { status: account.status }, after: { status: "ACTIVE" } };
  }
  if (cr.kind === "create_api_key") {
    const key = payload.apiKey!;
    await tx.apiKey.create({
      data: {
        id: key.id,
        orgId,
        serviceAccountId: account.id,
        name: key.name,
        hash: cr.credentialHash!,
        hint: cr.credentialHint!,
        scopes: key.scopes ? JSON.stringify(key.scopes) : null,
        createdAt: when,
        expiresAt: key.expiresAt ? new Date(key.expiresAt) : null,
      },
    });
    return { before: {}, after: { apiKey: { id: key.id, name: key.name, scopes: key.scopes, expiresAt: key.expiresAt } } };
  }
  const patch: ChangeRequestPayload["patch"] = cr.kind === "grant_scopes" ? { scopes: [...new Set([...fields.scopes, ...(payload.scopes ?? [])])].sort() } : payload.patch!;
  const audit = diffAccount(fields, patch ?? {}).audit ?? { before: {}, after: {} };
  const { highRiskScopes } = await writeAccountUpdate(tx, orgId, locked, patch ?? {}, { actor, grantEnd });
  return { ...audit, highRiskScopes, ...(grantExpiresAt ? { grantExpiresAt } : {}) };
}
