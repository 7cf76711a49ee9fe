import { z } from "zod";
import { idSchema } from "./references";

import { WEBHOOK_EVENT_TYPES } from "../webhooks/event-types";
export { WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT, type WebhookEventType } from "../webhooks/event-types";

export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES, { message: `Events are ${WEBHOOK_EVENT_TYPES.join(", ")}` });

/**
 * The endpoint's address: http(s), no credentials in it, no fragment. Private
 * and loopback targets are refused when the request is made (on the resolved
 * address), unless the endpoint allows them; an address written as a private
 * IP is refused here already (see create-webhook-endpoint.ts).
 */
export const webhookUrlSchema = z
  .string()
  .trim()
  .min(1, "Enter the endpoint's URL")
  .max(2000, "At most 2000 characters")
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "Enter an absolute URL, e.g. https://hooks.example.com/tessera" });
      return;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") ctx.addIssue({ code: "custom", message: "Use an https:// (or http://) URL" });
    if (url.username || url.password) ctx.addIssue({ code: "custom", message: "Put no user name or password in the URL" });
    if (url.hash) ctx.addIssue({ code: "custom", message: "A webhook URL has no #fragment" });
  });

/** Space- or comma-separated text (CLI, forms) or a list; empty or absent means every type. */
export const webhookEventsSchema = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean) : v),
  z.array(webhookEventTypeSchema).refine((l) => new Set(l).size === l.length, "Each event once"),
);

export const createWebhookEndpointSchema = z.object({
  url: webhookUrlSchema,
  description: z.string().trim().max(200, "At most 200 characters").optional().default(""),
  events: webhookEventsSchema.optional(),
  allowPrivate: z.boolean().optional().default(false),
});
export type CreateWebhookEndpointInput = z.input<typeof createWebhookEndpointSchema>;

export const updateWebhookEndpointSchema = z.object({
  url: webhookUrlSchema.optional(),
  description: z.string().trim().max(200, "At most 200 characters").optional(),
  /** null or [] subscribes to every type. */
  events: webhookEventsSchema.nullable().optional(),
  allowPrivate: z.boolean().optional(),
  /** false disables the endpoint; true enables it again (and forgets its failures). */
  enabled: z.boolean().optional(),
});
export type UpdateWebhookEndpointInput = z.input<typeof updateWebhookEndpointSchema>;

export const webhookEndpointRefSchema = z.object({ endpointId: idSchema });

export const listWebhookDeliveriesSchema = z.object({
  status: z.enum(["pending", "succeeded", "failed"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
