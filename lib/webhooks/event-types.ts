// Kept apart from the zod schemas so that light callers (the CLI's help) can name them.

/** What an endpoint can subscribe to (PRODUCT.md "Webhooks"). */
export const WEBHOOK_EVENT_TYPES = [
  "credential.expiring",
  "secret.used_after_rotation",
  "change_request.created",
  "access_review.due",
  "service_account.deactivated",
  "token.denied_spike",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** Sent only by "send test event", to the one endpoint asked, whatever it subscribes to. */
export const WEBHOOK_TEST_EVENT = "webhook.test";
