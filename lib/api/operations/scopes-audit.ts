import { defineOperation } from "../operation";
import {
  auditEventLineSchema,
  auditEventPageSchema,
  createScopeBody,
  listAuditEventsQuery,
  scopeListSchema,
  scopeSchema,
  updateScopeBody,
} from "../schemas/scopes-audit";
import { pendingChangeSchema } from "../schemas/change-requests";

const READ = ["tessera:service-accounts:read", "tessera:service-accounts:write", "tessera:scopes:write"] as const;
const WRITE = ["tessera:scopes:write"] as const;
const name = { name: "The scope's name, URL-encoded (e.g. billing:read)" };

export const listScopesOp = defineOperation({
  operationId: "listScopes",
  method: "GET",
  path: "/scopes",
  tag: "Scopes",
  summary: "List the organisation's scope catalog",
  scopes: READ,
  success: { status: 200, description: "Every scope, reserved tessera:* ones included", schema: scopeListSchema },
  errors: [403],
});

export const createScopeOp = defineOperation({
  operationId: "createScope",
  method: "POST",
  path: "/scopes",
  tag: "Scopes",
  summary: "Add a scope to the catalog",
  description: "Any RFC 6749 scope-token: billing:read, billing.read, read:users. tessera:* names are reserved.",
  scopes: WRITE,
  body: createScopeBody,
  success: { status: 201, description: "Created", schema: scopeSchema },
  errors: [400, 403, 409, 422],
  idempotent: true,
});

export const getScopeOp = defineOperation({
  operationId: "getScope",
  method: "GET",
  path: "/scopes/{name}",
  tag: "Scopes",
  summary: "Get a scope",
  scopes: READ,
  params: name,
  success: { status: 200, description: "The scope; ETag is its version", schema: scopeSchema },
  errors: [403, 404],
  etag: true,
});

export const updateScopeOp = defineOperation({
  operationId: "updateScope",
  method: "PATCH",
  path: "/scopes/{name}",
  tag: "Scopes",
  summary: "Change a scope's description or high-risk flag",
  description: "With If-Match, a stale version answers 412. Reserved scopes cannot change (400).",
  scopes: WRITE,
  params: name,
  body: updateScopeBody,
  success: { status: 200, description: "The scope after the change", schema: scopeSchema },
  accepted: { description: "Clearing the high-risk flag waits for approval (the organisation requires it): nothing was changed", schema: pendingChangeSchema },
  errors: [400, 403, 404, 412, 422],
  etag: true,
  ifMatch: true,
});

export const deleteScopeOp = defineOperation({
  operationId: "deleteScope",
  method: "DELETE",
  path: "/scopes/{name}",
  tag: "Scopes",
  summary: "Delete a scope no account holds",
  scopes: WRITE,
  params: name,
  success: { status: 204, description: "Deleted" },
  errors: [400, 403, 404, 409],
});

export const listAuditEventsOp = defineOperation({
  operationId: "listAuditEvents",
  method: "GET",
  path: "/audit-events",
  tag: "Audit events",
  summary: "Read the audit trail",
  description:
    "The audit page's filters, newest first, by keyset cursor. With `Accept: application/x-ndjson` every matching event streams as JSON Lines, oldest first, and the export is itself audited.",
  scopes: ["tessera:audit:read"],
  query: listAuditEventsQuery,
  success: { status: 200, description: "One page of events", schema: auditEventPageSchema },
  errors: [403, 422],
  ndjson: { description: "Every matching event, one JSON object per line, oldest first", schema: auditEventLineSchema },
});
