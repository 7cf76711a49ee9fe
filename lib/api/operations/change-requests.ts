import { defineOperation } from "../operation";
import { changeRequestPageSchema, changeRequestSchema, listChangeRequestsQuery, rejectChangeRequestBody } from "../schemas/change-requests";

const READ = ["tessera:service-accounts:read", "tessera:service-accounts:write", "tessera:change-requests:approve"] as const;
const APPROVE = ["tessera:change-requests:approve"] as const;
const id = { id: "The change request's id (cr_…)" };

export const listChangeRequestsOp = defineOperation({
  operationId: "listChangeRequests",
  method: "GET",
  path: "/change-requests",
  tag: "Change requests",
  summary: "List change requests, newest first",
  description: "Changes that four-eyes approval holds back: high-risk grants, API keys carrying them, reactivations, and turning approval off.",
  scopes: READ,
  query: listChangeRequestsQuery,
  success: { status: 200, description: "One page of requests", schema: changeRequestPageSchema },
  errors: [403, 422],
});

export const getChangeRequestOp = defineOperation({
  operationId: "getChangeRequest",
  method: "GET",
  path: "/change-requests/{id}",
  tag: "Change requests",
  summary: "Get a change request with what it changes",
  scopes: READ,
  params: id,
  success: { status: 200, description: "The request", schema: changeRequestSchema },
  errors: [403, 404],
});

export const approveChangeRequestOp = defineOperation({
  operationId: "approveChangeRequest",
  method: "POST",
  path: "/change-requests/{id}/approve",
  tag: "Change requests",
  summary: "Approve a change request: its change applies now, exactly as requested",
  description:
    "Never by the requester (403; an API key counts as its service account). 409 when it is no longer pending, has expired, or its target changed since it was requested (then reject it).",
  scopes: APPROVE,
  params: id,
  success: { status: 200, description: "Approved and applied", schema: changeRequestSchema },
  errors: [403, 404, 409],
});

export const rejectChangeRequestOp = defineOperation({
  operationId: "rejectChangeRequest",
  method: "POST",
  path: "/change-requests/{id}/reject",
  tag: "Change requests",
  summary: "Reject a change request; nothing changes",
  scopes: APPROVE,
  params: id,
  body: rejectChangeRequestBody,
  success: { status: 200, description: "Rejected", schema: changeRequestSchema },
  errors: [400, 403, 404, 409, 422],
});

export const withdrawChangeRequestOp = defineOperation({
  operationId: "withdrawChangeRequest",
  method: "POST",
  path: "/change-requests/{id}/withdraw",
  tag: "Change requests",
  summary: "Withdraw your own pending change request",
  description: "Only the requester may (403 otherwise).",
  scopes: READ,
  params: id,
  success: { status: 200, description: "Withdrawn", schema: changeRequestSchema },
  errors: [403, 404, 409],
});
