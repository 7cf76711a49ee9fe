import type { Actor } from "../audit/types";
import { AppError } from "../errors";
import type { UpdateServiceAccountInput } from "../schemas/service-account";
import { getServiceAccount } from "../service-accounts/get-service-account";
import { updateServiceAccount } from "../service-accounts/update-service-account";
import { activateServiceAccount, deactivateServiceAccount } from "../service-accounts/set-service-account-status";
import { setServiceAccountOwner } from "../service-accounts/set-service-account-owner";
import { getOrganizationSettings } from "../orgs/get-organization-settings";
import type { ChangeRequestView } from "../change-requests/present-change-request";

/**
 * PATCH of a service account: field changes through updateServiceAccount,
 * the owner through setServiceAccountOwner,
 * a status change through activate/deactivate (each its own audit action),
 * the If-Match version checked by whichever runs first, under its row lock.
 * Asking for the status the account already has is not a change. A
 * deactivation runs first (it never waits, and a change request taken
 * after it stays applicable). Where approval is required, a reactivation is
 * its own change request and must come alone: with other fields, approving
 * one request would make the other stale.
 */
export async function patchServiceAccount(
  actor: Actor,
  orgSlug: string,
  clientId: string,
  patch: UpdateServiceAccountInput & { status?: "ACTIVE" | "DISABLED"; ownerEmail?: string | null },
  ifVersion: string[] | undefined,
): Promise<{ account: Awaited<ReturnType<typeof getServiceAccount>>["account"]; changeRequest?: ChangeRequestView }> {
  const { status, ownerEmail, ...fields } = patch;
  const hasFields = Object.values(fields).some((v) => v !== undefined);
  const current = status ? (await getServiceAccount(actor, orgSlug, clientId)).account.status : null;
  const statusChange = status && current !== status ? status : null;
  if (statusChange === "ACTIVE" && hasFields && (await getOrganizationSettings(actor, orgSlug)).requireApproval) {
    throw new AppError("conflict", "This organisation requires approval to reactivate an account: send the reactivation in a PATCH of its own");
  }
  let check = ifVersion;
  let changeRequest: ChangeRequestView | undefined;
  if (statusChange === "DISABLED") {
    await deactivateServiceAccount(actor, orgSlug, clientId, { ifVersion: check });
    check = undefined;
  }
  // The owner never waits; set before anything that may become a change
  // request, whose base version it would otherwise make stale.
  if (ownerEmail !== undefined) {
    await setServiceAccountOwner(actor, orgSlug, clientId, { ownerEmail }, { ifVersion: check });
    check = undefined;
  }
  if (hasFields) {
    changeRequest = (await updateServiceAccount(actor, orgSlug, clientId, fields, { ifVersion: check })).changeRequest;
    check = undefined;
  }
  if (statusChange === "ACTIVE") changeRequest = (await activateServiceAccount(actor, orgSlug, clientId, { ifVersion: check })).changeRequest;
  return { account: (await getServiceAccount(actor, orgSlug, clientId)).account, ...(changeRequest ? { changeRequest } : {}) };
}
