import { z } from "zod";
import { createScopeSchema, updateScopeSchema } from "../../schemas/service-account";
import { listAuditEventsSchema } from "../../audit/list-audit-events";
import { auditActionSchema } from "../../audit/catalog";
import { actorTypes } from "../../audit/types";

const iso = z.string().meta({ format: "date-time" });

export const scopeSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    highRisk: z.boolean(),
    reserved: z.boolean().meta({ description: "tessera:* scopes exist in every organisation and cannot be changed" }),
    holders: z.number().int().meta({ description: "How many service accounts hold it" }),
    updatedAt: iso,
  })
  .meta({ id: "Scope" });
export const scopeListSchema = z.object({ items: z.array(scopeSchema), nextCursor: z.null() });
export const createScopeBody = createScopeSchema.strict();
export const updateScopeBody = updateScopeSchema.strict();

export const auditEventSchema = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    occurredAt: iso,
    actorType: z.enum(actorTypes),
    actorId: z.string().nullable(),
    actorLabel: z.string().nullable(),
    action: z.string().meta({ description: "An action of the audit catalog (see the AuditAction schema); older trails may hold others" }),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    targetLabel: z.string().nullable(),
    outcome: z.enum(["success", "failure"]),
    reason: z.string().nullable(),
    clientIp: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    hash: z.string().meta({ description: "This event's link in the organisation's tamper-evident chain" }),
  })
  .meta({ id: "AuditEvent" });
export const auditEventPageSchema = z.object({ items: z.array(auditEventSchema), nextCursor: z.string().nullable() }).meta({ id: "AuditEventPage" });

/** One JSON object per line, oldest first (the export's JSON Lines format). */
export const auditEventLineSchema = z
  .object({ seq: z.number().int(), occurredAt: iso, action: z.string(), actorType: z.string(), actorId: z.string().nullable() })
  .loose()
  .meta({ id: "AuditEventLine" });

/** The audit page's filters (actions from the catalog) and a cursor. */
export const listAuditEventsQuery = listAuditEventsSchema
  .extend({
    action: z
      .preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(auditActionSchema.meta({ id: "AuditAction" })).max(50))
      .optional()
      .meta({ description: "Comma-separated actions from the audit catalog" }),
  })
  .strict();
