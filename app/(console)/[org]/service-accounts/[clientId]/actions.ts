"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import { updateServiceAccount } from "@/lib/service-accounts/update-service-account";
import { setServiceAccountOwner } from "@/lib/service-accounts/set-service-account-owner";
import { activateServiceAccount, deactivateServiceAccount } from "@/lib/service-accounts/set-service-account-status";
import { deleteServiceAccount } from "@/lib/service-accounts/delete-service-account";
import { rotateClientSecret } from "@/lib/service-accounts/rotate-client-secret";
import { revokeClientSecret } from "@/lib/service-accounts/revoke-client-secret";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import type { CreateApiKeyInput, UpdateServiceAccountInput } from "@/lib/schemas/service-account";

// Thin adapters: every domain function authorises the acting user itself
// (ADMIN for all of these) and scopes the account to the organisation.

function revalidateAccount(orgSlug: string, clientId: string) {
  revalidatePath(`/${orgSlug}/service-accounts`);
  revalidatePath(`/${orgSlug}/service-accounts/${clientId}`);
}

export async function updateServiceAccountAction(orgSlug: string, clientId: string, input: UpdateServiceAccountInput) {
  const result = await runAction((actor) => updateServiceAccount(actor, orgSlug, clientId, input));
  if (result.ok) revalidateAccount(orgSlug, clientId);
  return result;
}

export async function setServiceAccountOwnerAction(orgSlug: string, clientId: string, ownerEmail: string | null) {
  const result = await runAction((actor) => setServiceAccountOwner(actor, orgSlug, clientId, { ownerEmail }));
  if (result.ok) revalidateAccount(orgSlug, clientId);
  return result;
}

export async function deactivateServiceAccountAction(orgSlug: string, clientId: string) {
  const result = await runAction((actor) => deactivateServiceAccount(actor, orgSlug, clientId));
  if (result.ok) revalidateAccount(orgSlug, clientId);
  return result;
}

export async function activateServiceAccountAction(orgSlug: string, clientId: string) {
  const result = await runAction((actor) => activateServiceAccount(actor, orgSlug, clientId));
  if (result.ok) revalidateAccount(orgSlug, clientId);
  return result;
}

export async function deleteServiceAccountAction(orgSlug: string, clientId: string) {
  const result = await runAction((actor) => deleteServiceAccount(actor, orgSlug, clientId));
  if (result.ok) revalidatePath(`/${orgSlug}/service-accounts`);
  return result;
}

/** Returns the new plaintext secret to the calling browser once; it is stored nowhere. */
export async function rotateClientSecretAction(orgSlug: string, clientId: string, input: { graceSeconds: number; revokeOldest: boolean }) {
  const result = await runAction((actor) => rotateClientSecret(actor, orgSlug, clientId, input));
  if (result.ok) revalidateAccount(orgSlug, clientId);
  return result;
}

export async function revokeClientSecretAction(orgSlug: string, clientId: string, secretId: string) {
  const result = await runAction((actor) => revokeClientSecret(actor, orgSlug, clientId, secretId));
  if (result.ok) revalidateAccount(orgSlug, clientId);
  return result;
}

/** Returns the new plaintext API key to the calling browser once; it is stored nowhere. */
export async function createApiKeyAction(orgSlug: string, clientId: string, input: CreateApiKeyInput) {
  const result = await runAction((actor) => createApiKey(actor, orgSlug, clientId, input));
  if (result.ok) revalidateAccount(orgSlug, clientId);
  return result;
}

/** `clientId` only names the page to refresh; the key is looked up within the organisation. */
export async function revokeApiKeyAction(orgSlug: string, clientId: string, keyId: string) {
  const result = await runAction((actor) => revokeApiKey(actor, orgSlug, keyId));
  if (result.ok) revalidateAccount(orgSlug, clientId);
  return result;
}
