import { defineOperation } from "../operation";
import {
  apiKeyListSchema,
  clientSecretListSchema,
  createApiKeyBody,
  createdApiKeySchema,
  pendingApiKeySchema,
  revokedApiKeySchema,
  revokedSecretSchema,
  rotatedSecretSchema,
  rotateSecretBody,
} from "../schemas/credentials";

const READ = ["tessera:service-accounts:read", "tessera:service-accounts:write"] as const;
const WRITE = ["tessera:service-accounts:write"] as const;
const clientId = { clientId: "The account's client id (sa_…)" };

export const listSecretsOp = defineOperation({
  operationId: "listClientSecrets",
  method: "GET",
  path: "/service-accounts/{clientId}/secrets",
  tag: "Client secrets",
  summary: "List an account's client secrets (hints only)",
  scopes: READ,
  params: clientId,
  success: { status: 200, description: "Newest first", schema: clientSecretListSchema },
  errors: [403, 404],
});

export const rotateSecretOp = defineOperation({
  operationId: "rotateClientSecret",
  method: "POST",
  path: "/service-accounts/{clientId}/secrets",
  tag: "Client secrets",
  summary: "Rotate: issue a new secret, the previous one lives on for graceSeconds",
  description: "At most two secrets are valid: with two valid, rotation is refused (409) unless revokeOldest is true.",
  scopes: WRITE,
  params: clientId,
  body: rotateSecretBody,
  success: { status: 201, description: "The new secret, shown this once", schema: rotatedSecretSchema },
  errors: [400, 403, 404, 409, 422],
  idempotent: true,
});

export const revokeSecretOp = defineOperation({
  operationId: "revokeClientSecret",
  method: "DELETE",
  path: "/service-accounts/{clientId}/secrets/{secretId}",
  tag: "Client secrets",
  summary: "Revoke a client secret now",
  scopes: WRITE,
  params: { ...clientId, secretId: "The secret's id" },
  success: { status: 200, description: "Revoked", schema: revokedSecretSchema },
  errors: [403, 404, 409],
});

export const listApiKeysOp = defineOperation({
  operationId: "listApiKeys",
  method: "GET",
  path: "/service-accounts/{clientId}/api-keys",
  tag: "API keys",
  summary: "List an account's API keys (hints only)",
  scopes: READ,
  params: clientId,
  success: { status: 200, description: "Newest first", schema: apiKeyListSchema },
  errors: [403, 404],
});

export const createApiKeyOp = defineOperation({
  operationId: "createApiKey",
  method: "POST",
  path: "/service-accounts/{clientId}/api-keys",
  tag: "API keys",
  summary: "Create an API key for an account",
  description: "The key may carry a subset of the account's scopes (default: all of them, as they are when it is used).",
  scopes: WRITE,
  params: clientId,
  body: createApiKeyBody,
  success: { status: 201, description: "The key, shown this once", schema: createdApiKeySchema },
  accepted: { description: "The key carries a high-risk scope and waits for approval; it is shown this once and works once approved", schema: pendingApiKeySchema },
  errors: [400, 403, 404, 422],
  idempotent: true,
});

export const revokeApiKeyOp = defineOperation({
  operationId: "revokeApiKey",
  method: "DELETE",
  path: "/service-accounts/{clientId}/api-keys/{keyId}",
  tag: "API keys",
  summary: "Revoke an API key now",
  scopes: WRITE,
  params: { ...clientId, keyId: "The key's id" },
  success: { status: 200, description: "Revoked", schema: revokedApiKeySchema },
  errors: [403, 404, 409],
});
