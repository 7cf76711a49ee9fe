import { defineOperation } from "../operation";
import {
  accessReviewListSchema,
  accessReviewSchema,
  closedAccessReviewSchema,
  decideAccessReviewBody,
  decisionSchema,
  listAccessReviewsQuery,
  startedAccessReviewSchema,
} from "../schemas/access-reviews";

const READ = ["tessera:service-accounts:read", "tessera:service-accounts:write", "tessera:audit:read"] as const;
const WRITE = ["tessera:service-accounts:write"] as const;
const id = { id: "The campaign's id" };

export const listAccessReviewsOp = defineOperation({
  operationId: "listAccessReviews",
  method: "GET",
  path: "/access-reviews",
  tag: "Access reviews",
  summary: "List access review campaigns, newest first",
  scopes: READ,
  query: listAccessReviewsQuery,
  success: { status: 200, description: "Campaigns with their decision counts", schema: accessReviewListSchema },
  errors: [403, 422],
});

export const startAccessReviewOp = defineOperation({
  operationId: "startAccessReview",
  method: "POST",
  path: "/access-reviews",
  tag: "Access reviews",
  summary: "Start a campaign over every grant of every account",
  description: "One campaign is open at a time (409 otherwise). Grants, their last use, credentials and owners are copied as they are now.",
  scopes: WRITE,
  success: { status: 201, description: "Started", schema: startedAccessReviewSchema },
  errors: [403, 409],
});

export const getAccessReviewOp = defineOperation({
  operationId: "getAccessReview",
  method: "GET",
  path: "/access-reviews/{id}",
  tag: "Access reviews",
  summary: "A campaign with every account, grant and decision",
  scopes: READ,
  params: id,
  success: { status: 200, description: "The campaign", schema: accessReviewSchema },
  errors: [403, 404],
});

export const decideAccessReviewOp = defineOperation({
  operationId: "decideAccessReview",
  method: "POST",
  path: "/access-reviews/{id}/decisions",
  tag: "Access reviews",
  summary: "Mark a grant keep or remove",
  description: "Nothing is removed until the campaign is closed. A closed campaign answers 409.",
  scopes: WRITE,
  params: id,
  body: decideAccessReviewBody,
  success: { status: 200, description: "Recorded", schema: decisionSchema },
  errors: [400, 403, 404, 409, 422],
});

export const closeAccessReviewOp = defineOperation({
  operationId: "closeAccessReview",
  method: "POST",
  path: "/access-reviews/{id}/close",
  tag: "Access reviews",
  summary: "Close a campaign, removing the grants marked remove",
  description: "The removals and their audit events commit together. Undecided grants are kept.",
  scopes: WRITE,
  params: id,
  success: { status: 200, description: "Closed", schema: closedAccessReviewSchema },
  errors: [403, 404, 409],
});
