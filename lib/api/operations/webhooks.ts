import { defineOperation } from "../operation";
import {
  createdWebhookSchema,
  createWebhookBody,
  listWebhookDeliveriesQuery,
  queuedTestSchema,
  rotatedWebhookSecretSchema,
  updateWebhookBody,
  webhookDeliveryListSchema,
  webhookEndpointListSchema,
  webhookEndpointSchema,
} from "../schemas/webhooks";

const MANAGE = ["tessera:service-accounts:write"] as const;
const id = { id: "The endpoint's id" };

export const listWebhooksOp = defineOperation({
  operationId: "listWebhookEndpoints",
  method: "GET",
  path: "/webhooks",
  tag: "Webhooks",
  summary: "List webhook endpoints (never their secrets)",
  scopes: MANAGE,
  success: { status: 200, description: "Oldest first", schema: webhookEndpointListSchema },
  errors: [403],
});

export const createWebhookOp = defineOperation({
  operationId: "createWebhookEndpoint",
  method: "POST",
  path: "/webhooks",
  tag: "Webhooks",
  summary: "Add a webhook endpoint",
  description:
    "Deliveries are signed in the Standard Webhooks format with the secret in this answer (shown once). Private, loopback and link-local targets are refused; only an owner may allow them, in the console or the CLI.",
  scopes: MANAGE,
  body: createWebhookBody,
  success: { status: 201, description: "Created, with its signing secret", schema: createdWebhookSchema },
  errors: [400, 403, 409, 422],
  idempotent: true,
});

export const updateWebhookOp = defineOperation({
  operationId: "updateWebhookEndpoint",
  method: "PATCH",
  path: "/webhooks/{id}",
  tag: "Webhooks",
  summary: "Change an endpoint, or disable and enable it",
  scopes: MANAGE,
  params: id,
  body: updateWebhookBody,
  success: { status: 200, description: "The endpoint after the change", schema: webhookEndpointSchema },
  errors: [400, 403, 404, 422],
});

export const deleteWebhookOp = defineOperation({
  operationId: "deleteWebhookEndpoint",
  method: "DELETE",
  path: "/webhooks/{id}",
  tag: "Webhooks",
  summary: "Delete an endpoint and its delivery log",
  scopes: MANAGE,
  params: id,
  success: { status: 204, description: "Deleted" },
  errors: [403, 404],
});

export const rotateWebhookSecretOp = defineOperation({
  operationId: "rotateWebhookSecret",
  method: "POST",
  path: "/webhooks/{id}/secret",
  tag: "Webhooks",
  summary: "Rotate the signing secret; the previous one signs too for 24 hours",
  scopes: MANAGE,
  params: id,
  success: { status: 201, description: "The new secret, shown this once", schema: rotatedWebhookSecretSchema },
  errors: [403, 404],
});

export const sendTestWebhookOp = defineOperation({
  operationId: "sendTestWebhook",
  method: "POST",
  path: "/webhooks/{id}/test",
  tag: "Webhooks",
  summary: "Queue a webhook.test delivery to this endpoint",
  scopes: MANAGE,
  params: id,
  success: { status: 200, description: "Queued; the delivery log shows how it went", schema: queuedTestSchema },
  errors: [403, 404, 409],
});

export const listWebhookDeliveriesOp = defineOperation({
  operationId: "listWebhookDeliveries",
  method: "GET",
  path: "/webhooks/{id}/deliveries",
  tag: "Webhooks",
  summary: "An endpoint's delivery log, newest first, with each attempt's response code",
  scopes: MANAGE,
  params: id,
  query: listWebhookDeliveriesQuery,
  success: { status: 200, description: "Deliveries", schema: webhookDeliveryListSchema },
  errors: [403, 404, 422],
});
