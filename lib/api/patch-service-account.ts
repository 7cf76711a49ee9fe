import type { Actor } from "../audit/types";
import type { UpdateServiceAccountInput } from "../schemas/service-account";
import { getServiceAccount } from "../service-accounts/get-service-account";
import { updateServiceAccount } from "../service-accounts/update-service-account";
import { activateServiceAccount, deactivateServiceAccount } from "../service-accounts/set-service-account-status";
import { setServiceAccountOwner } from "../service-accounts/set-service-account-owner";

/**
 * PATCH of a service account: field changes through updateServiceAccount,
 * the owner through setServiceAccountOwner,
 * a status change through activate/deactivate (each its own audit action),
 * the If-Match version checked by whichever runs first, under its row lock.
 * Asking for the status the account already has is not a change.
 */
export async function patchServiceAccount(
  actor: Actor,
  orgSlug: string,
  clientId: string,
  patch: UpdateServiceAccountInput & { status?: "ACTIVE" | "DISABLED"; ownerEmail?: string | null },
  ifVersion: string[] | undefined,
) {
  const { status, ownerEmail, ...fields } = patch;
  let check = ifVersion;
  if (Object.values(fields).some((v) => v !== undefined)) {
    await updateServiceAccount(actor, orgSlug, clientId, fields, { ifVersion: check });
    check = undefined;
  }
  if (ownerEmail !== undefined) {
    await setServiceAccountOwner(actor, orgSlug, clientId, { ownerEmail }, { ifVersion: check });
    check = undefined;
  }
  if (status) {
    const { account } = await getServiceAccount(actor, orgSlug, clientId);
    if (account.status !== status) {
      await (status === "ACTIVE" ? activateServiceAccount : deactivateServiceAccount)(actor, orgSlug, clientId, { ifVersion: check });
    }
  }
  return (await getServiceAccount(actor, orgSlug, clientId)).account;
}
