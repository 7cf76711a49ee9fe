import { action, apiCase, OWN_VIEW, type Case, type Outcome } from "./isolation-probes";
import type { World } from "./isolation-world";

// The isolation cases of access reviews, webhooks and change requests (the
// governance features), kept apart from isolation-cases.ts for size; that
// file spreads them into the one table the matrix runs.

const reviewActionsFile = "app/(console)/[org]/reviews/actions.ts";
/** These actions live on a review's page: they are posted to A's own open review's. */
const reviewPage = (w: World) => ({ id: w.a.openReviewId });
/** Access reviews in the console: B's campaigns, and B's grant named inside A's own open campaign. */
export function reviewActions(): Record<string, Case> {
  const key = (name: string) => `action ${reviewActionsFile}#${name}`;
  return {
    [key("startAccessReviewAction")]: action(`${reviewActionsFile}#startAccessReviewAction`, [{ what: "a review campaign in B", args: (w) => [w.b.slug] }]),
    [key("setReviewCadenceAction")]: action(`${reviewActionsFile}#setReviewCadenceAction`, [{ what: "B's review cadence", args: (w) => [w.b.slug, "30"] }]),
    [key("decideAccessReviewAction")]: action(`${reviewActionsFile}#decideAccessReviewAction`, [
      { what: "B's grant in B's review under B's slug", args: (w) => [w.b.slug, w.b.openReviewId, w.b.itemId, "remove"], params: reviewPage },
      { what: "B's grant in B's review under A's slug", args: (w) => [w.a.slug, w.b.openReviewId, w.b.itemId, "remove"], params: reviewPage },
      { what: "B's grant inside A's own open review", args: (w) => [w.a.slug, w.a.openReviewId, w.b.itemId, "remove"], params: reviewPage },
    ]),
    [key("closeAccessReviewAction")]: action(`${reviewActionsFile}#closeAccessReviewAction`, [
      { what: "B's open review under B's slug", args: (w) => [w.b.slug, w.b.openReviewId], params: reviewPage },
      { what: "B's open review under A's slug", args: (w) => [w.a.slug, w.b.openReviewId], params: reviewPage },
    ]),
  };
}

const webhookActionsFile = "app/(console)/[org]/settings/webhooks/actions.ts";
/** Webhook endpoints in the console: B's endpoint under B's slug and under A's own. */
export function webhookActions(): Record<string, Case> {
  const onBsEndpoint = (name: string, extra: unknown[] = []): [string, Case] => [
    `action ${webhookActionsFile}#${name}`,
    action(`${webhookActionsFile}#${name}`, [
      { what: "B's endpoint under B's slug", args: (w) => [w.b.slug, w.b.webhookId, ...extra] },
      { what: "B's endpoint under A's slug", args: (w) => [w.a.slug, w.b.webhookId, ...extra] },
    ]),
  ];
  return Object.fromEntries([
    [
      `action ${webhookActionsFile}#createWebhookAction`,
      action(`${webhookActionsFile}#createWebhookAction`, [{ what: "an endpoint in B", args: (w) => [w.b.slug, { url: "https://intruder.example.com/hook" }] }]),
    ],
    onBsEndpoint("setWebhookEnabledAction", [true]),
    onBsEndpoint("rotateWebhookSecretAction"),
    onBsEndpoint("sendTestWebhookAction"),
    onBsEndpoint("deleteWebhookAction"),
  ]);
}

/** The access review operations with A's token and API key. */
export function reviewOperations(): Record<string, Case> {
  return {
    "api listAccessReviews": apiCase([{ what: "A's campaigns (B's must not be among them)", method: "GET", path: () => "/access-reviews?status=closed", signedIn: OWN_VIEW() }]),
    "api startAccessReview": apiCase([
      {
        what: "a campaign (takes no organisation or id: always the credential's own)",
        method: "POST",
        path: () => "/access-reviews",
        signedIn: { statuses: [409], why: "A's own campaign is already open; B's open one is no concern of A's" },
      },
    ]),
    "api getAccessReview": apiCase([
      { what: "B's open review id in the path", method: "GET", path: (w) => `/access-reviews/${w.b.openReviewId}` },
      { what: "B's closed review id in the path", method: "GET", path: (w) => `/access-reviews/${w.b.closedReviewId}` },
    ]),
    "api decideAccessReview": apiCase([
      { what: "B's review and grant", method: "POST", path: (w) => `/access-reviews/${w.b.openReviewId}/decisions`, body: (w) => ({ itemId: w.b.itemId, decision: "remove" }) },
      { what: "B's grant inside A's own open review", method: "POST", path: (w) => `/access-reviews/${w.a.openReviewId}/decisions`, body: (w) => ({ itemId: w.b.itemId, decision: "remove" }) },
    ]),
    "api closeAccessReview": apiCase([{ what: "B's open review id in the path", method: "POST", path: (w) => `/access-reviews/${w.b.openReviewId}/close` }]),
  };
}

/** The webhook operations with A's token and API key. */
export function webhookOperations(): Record<string, Case> {
  return {
    "api listWebhookEndpoints": apiCase([{ what: "A's endpoints (B's must not be among them)", method: "GET", path: () => "/webhooks", signedIn: OWN_VIEW() }]),
    "api createWebhookEndpoint": apiCase([
      {
        what: "an endpoint with B's orgId in the body",
        method: "POST",
        path: () => "/webhooks",
        body: (w) => ({ url: "https://mover.example.com/hook", orgId: w.b.orgId }),
        signedIn: { statuses: [422], why: "bodies are strict: orgId is not a field" },
      },
    ]),
    "api updateWebhookEndpoint": apiCase([
      { what: "B's endpoint id in the path", method: "PATCH", path: (w) => `/webhooks/${w.b.webhookId}`, body: () => ({ enabled: true, url: "https://intruder.example.com/hook" }) },
    ]),
    "api deleteWebhookEndpoint": apiCase([{ what: "B's endpoint id in the path", method: "DELETE", path: (w) => `/webhooks/${w.b.webhookId}` }]),
    "api rotateWebhookSecret": apiCase([{ what: "B's endpoint id in the path", method: "POST", path: (w) => `/webhooks/${w.b.webhookId}/secret` }]),
    "api sendTestWebhook": apiCase([{ what: "B's endpoint id in the path", method: "POST", path: (w) => `/webhooks/${w.b.webhookId}/test` }]),
    "api listWebhookDeliveries": apiCase([{ what: "B's endpoint id in the path", method: "GET", path: (w) => `/webhooks/${w.b.webhookId}/deliveries` }]),
  };
}

/**
 * Another organisation's change request is no request of A's: 404, never the
 * 403 that a check after the lookup (requester, four-eyes) would answer,
 * which would mean B's request had been found.
 */
const NOT_A_REQUEST_OF_A: Outcome = { statuses: [404], why: "B's request looked up in A: not found, before any requester or approver check" };

const requestActionsFile = "app/(console)/[org]/requests/actions.ts";
/** These actions live on a request's page: they are posted to B's request's page under A's slug. */
const requestPage = (w: World) => ({ id: w.b.changeRequestId });
/** Deciding or withdrawing in the console: B's pending request under B's slug and under A's own. */
export function changeRequestActions(): Record<string, Case> {
  const onBsRequest = (name: string, extra: unknown[] = []): [string, Case] => [
    `action ${requestActionsFile}#${name}`,
    action(`${requestActionsFile}#${name}`, [
      { what: "B's request under B's slug", args: (w) => [w.b.slug, w.b.changeRequestId, ...extra], params: requestPage },
      { what: "B's request under A's slug", args: (w) => [w.a.slug, w.b.changeRequestId, ...extra], params: requestPage, signedIn: NOT_A_REQUEST_OF_A },
    ]),
  ];
  return Object.fromEntries([
    onBsRequest("approveChangeRequestAction"),
    onBsRequest("rejectChangeRequestAction", [{ comment: "rejected by A" }]),
    onBsRequest("withdrawChangeRequestAction"),
    [
      "action app/(console)/[org]/settings/governance/actions.ts#setRequireApprovalAction",
      action("app/(console)/[org]/settings/governance/actions.ts#setRequireApprovalAction", [{ what: "B's approval turned off", args: (w) => [w.b.slug, false] }]),
    ],
  ]);
}

/** The change request operations with A's token and API key (A's machine holds tessera:change-requests:approve). */
export function changeRequestOperations(): Record<string, Case> {
  const onBsRequest = (method: string, verb: string, body?: () => unknown) =>
    apiCase([{ what: "B's request id in the path", method, path: (w) => `/change-requests/${w.b.changeRequestId}${verb}`, body, signedIn: NOT_A_REQUEST_OF_A }]);
  return {
    "api listChangeRequests": apiCase([
      { what: "A's requests of every status (B's must not be among them)", method: "GET", path: () => "/change-requests?status=all", signedIn: OWN_VIEW() },
      { what: "A's requests filtered by B's account as the target", method: "GET", path: (w) => `/change-requests?status=all&target=${w.b.clientId}`, signedIn: OWN_VIEW() },
    ]),
    "api getChangeRequest": onBsRequest("GET", ""),
    "api approveChangeRequest": onBsRequest("POST", "/approve"),
    "api rejectChangeRequest": onBsRequest("POST", "/reject", () => ({ comment: "rejected by A" })),
    "api withdrawChangeRequest": onBsRequest("POST", "/withdraw"),
  };
}
