import { action, apiCase, OWN_VIEW, type Case } from "./isolation-probes";
import type { World } from "./isolation-world";

// The isolation cases of access reviews and webhooks (the governance
// features), kept apart from isolation-cases.ts for size; that file spreads
// them into the one table the matrix runs.

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
