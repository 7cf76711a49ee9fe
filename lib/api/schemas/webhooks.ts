import { z } from "zod";
import { createWebhookEndpointSchema, listWebhookDeliveriesSchema, updateWebhookEndpointSchema, WEBHOOK_EVENT_TYPES } from "../../schemas/webhook";

const iso = z.string().meta({ format: "date-time" });

export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).nullable().meta({ description: "null: every event type" }),
    allowPrivate: z.boolean(),
    enabled: z.boolean(),
    disabledAt: iso.nullable(),
    disabledReason: z.string().nullable(),
    failingSince: iso.nullable().meta({ description: "Start of the current run of failed attempts; a day of them disables the endpoint" }),
    previousSecretExpiresAt: iso.nullable(),
    createdAt: iso,
    createdBy: z.string().nullable(),
  })
  .meta({ id: "WebhookEndpoint" });
export const webhookEndpointListSchema = z.object({ items: z.array(webhookEndpointSchema), nextCursor: z.null() });

// The API never allows private targets: that stays an owner's decision, in the console or the CLI.
export const createWebhookBody = createWebhookEndpointSchema.omit({ allowPrivate: true }).strict();
export const updateWebhookBody = updateWebhookEndpointSchema.omit({ allowPrivate: true }).strict();

export const createdWebhookSchema = webhookEndpointSchema
  .extend({ secret: z.string().meta({ description: "The signing secret (whsec_…), shown this once" }) })
  .meta({ id: "CreatedWebhookEndpoint" });
export const rotatedWebhookSecretSchema = z.object({ id: z.string(), secret: z.string().meta({ description: "Shown this once" }), previousSecretExpiresAt: iso });
export const queuedTestSchema = z.object({ messageId: z.string(), deliveryId: z.string() });

export const webhookDeliverySchema = z
  .object({
    id: z.string(),
    messageId: z.string().meta({ description: "The webhook-id header of every attempt" }),
    type: z.string(),
    status: z.enum(["pending", "succeeded", "failed"]),
    attempts: z.number().int(),
    nextAttemptAt: iso.nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: iso,
    completedAt: iso.nullable(),
    attemptLog: z.array(z.object({ attemptedAt: iso, statusCode: z.number().int().nullable(), error: z.string().nullable(), durationMs: z.number().int() })),
  })
  .meta({ id: "WebhookDelivery" });
export const webhookDeliveryListSchema = z.object({ items: z.array(webhookDeliverySchema), nextCursor: z.null() });
export const listWebhookDeliveriesQuery = listWebhookDeliveriesSchema.strict();
