"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import { createWebhookEndpoint } from "@/lib/webhooks/create-webhook-endpoint";
import { updateWebhookEndpoint } from "@/lib/webhooks/update-webhook-endpoint";
import { deleteWebhookEndpoint } from "@/lib/webhooks/delete-webhook-endpoint";
import { rotateWebhookSecret } from "@/lib/webhooks/rotate-webhook-secret";
import { sendTestWebhook } from "@/lib/webhooks/send-test-webhook";
import type { CreateWebhookEndpointInput } from "@/lib/schemas/webhook";

// Thin adapters: each domain function authorises the acting user itself
// (ADMIN or OWNER; allowing private targets: OWNER) within the organisation.

const refresh = (orgSlug: string) => {
  revalidatePath(`/${orgSlug}/settings/webhooks`);
  revalidatePath(`/${orgSlug}`);
};

/** Returns the signing secret to the calling browser once; it is stored sealed and never shown again. */
export async function createWebhookAction(orgSlug: string, input: CreateWebhookEndpointInput) {
  const result = await runAction(async (actor) => {
    const { id, secret } = await createWebhookEndpoint(actor, orgSlug, input);
    return { id, secret };
  });
  if (result.ok) refresh(orgSlug);
  return result;
}

export async function setWebhookEnabledAction(orgSlug: string, endpointId: string, enabled: boolean) {
  const result = await runAction(async (actor) => {
    await updateWebhookEndpoint(actor, orgSlug, endpointId, { enabled });
  });
  if (result.ok) refresh(orgSlug);
  return result;
}

export async function deleteWebhookAction(orgSlug: string, endpointId: string) {
  const result = await runAction(async (actor) => {
    await deleteWebhookEndpoint(actor, orgSlug, endpointId);
  });
  if (result.ok) refresh(orgSlug);
  return result;
}

export async function rotateWebhookSecretAction(orgSlug: string, endpointId: string) {
  const result = await runAction(async (actor) => {
    const { secret } = await rotateWebhookSecret(actor, orgSlug, endpointId);
    return { secret };
  });
  if (result.ok) refresh(orgSlug);
  return result;
}

export async function sendTestWebhookAction(orgSlug: string, endpointId: string) {
  const result = await runAction(async (actor) => {
    await sendTestWebhook(actor, orgSlug, endpointId);
  });
  if (result.ok) refresh(orgSlug);
  return result;
}
