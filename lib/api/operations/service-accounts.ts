import { defineOperation } from "../operation";
import {
  createdServiceAccountSchema,
  createServiceAccountBody,
  listServiceAccountsQuery,
  serviceAccountPageSchema,
  serviceAccountSchema,
  updateServiceAccountBody,
} from "../schemas/service-accounts";
import { pendingChangeSchema } from "../schemas/change-requests";

const READ = ["tessera:service-accounts:read", "tessera:service-accounts:write"] as const;
const WRITE = ["tessera:service-accounts:write"] as const;
const clientId = { clientId: "The account's client id (sa_…)" };

export const listServiceAccountsOp = defineOperation({
  operationId: "listServiceAccounts",
  method: "GET",
  path: "/service-accounts",
  tag: "Service accounts",
  summary: "List service accounts",
  description: "The console's filters (q, status, scope, audience) and sort; pages by keyset cursor.",
  scopes: READ,
  query: listServiceAccountsQuery,
  success: { status: 200, description: "One page of accounts", schema: serviceAccountPageSchema },
  errors: [403, 422],
});

export const createServiceAccountOp = defineOperation({
  operationId: "createServiceAccount",
  method: "POST",
  path: "/service-accounts",
  tag: "Service accounts",
  summary: "Create a service account",
  description:
    "Answers 201 with the client secret, shown this once. Accepts the Scalekit-style `audience` and `expiry` too. Where the organisation requires approval, high-risk scopes are not granted yet: they wait in `changeRequest`.",
  scopes: WRITE,
  body: createServiceAccountBody,
  success: { status: 201, description: "Created; the secret is in this response only", schema: createdServiceAccountSchema },
  errors: [400, 403, 409, 422],
  idempotent: true,
});

export const getServiceAccountOp = defineOperation({
  operationId: "getServiceAccount",
  method: "GET",
  path: "/service-accounts/{clientId}",
  tag: "Service accounts",
  summary: "Get a service account",
  scopes: READ,
  params: clientId,
  success: { status: 200, description: "The account; ETag is its version", schema: serviceAccountSchema },
  errors: [403, 404],
  etag: true,
});

export const updateServiceAccountOp = defineOperation({
  operationId: "updateServiceAccount",
  method: "PATCH",
  path: "/service-accounts/{clientId}",
  tag: "Service accounts",
  summary: "Change a service account",
  description: "Send only the fields to change. With If-Match (the ETag of a read), a stale version answers 412; without it the change applies.",
  scopes: WRITE,
  params: clientId,
  body: updateServiceAccountBody,
  success: { status: 200, description: "The account after the change", schema: serviceAccountSchema },
  accepted: { description: "The change grants a high-risk scope or reactivates the account, and waits for approval: nothing was changed", schema: pendingChangeSchema },
  errors: [400, 403, 404, 409, 412, 422],
  etag: true,
  ifMatch: true,
});

export const deleteServiceAccountOp = defineOperation({
  operationId: "deleteServiceAccount",
  method: "DELETE",
  path: "/service-accounts/{clientId}",
  tag: "Service accounts",
  summary: "Delete a service account and its credentials (its audit history stays)",
  scopes: WRITE,
  params: clientId,
  success: { status: 204, description: "Deleted" },
  errors: [403, 404],
});
