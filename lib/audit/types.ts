import { z } from "zod";
import { auditActionSchema, auditMetadataIssues } from "./catalog";

export { actorTypes, cliActor, systemActor, type Actor, type ActorType } from "./actors";
import type { Actor } from "./actors";

/**
 * An event as a caller records it. The action must be one of the audit
 * catalog's (lib/audit/catalog.ts), and its metadata must fit that action's
 * schema; the metadata is stored as given, never rewritten by the check.
 */
export const auditEventInputSchema = z.object({
  orgId: z.string().nullable(),
  action: auditActionSchema,
  outcome: z.enum(["success", "failure"]).default("success"),
  reason: z.string().max(500).nullish(),
  target: z
    .object({ type: z.string(), id: z.string().nullable(), label: z.string().nullish() })
    .nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
}).superRefine((event, ctx) => {
  for (const issue of auditMetadataIssues(event.action, event.metadata) ?? []) {
    ctx.addIssue({ code: "custom", path: ["metadata", ...issue.path.map(String)], message: `${event.action}: ${issue.message}` });
  }
});

export type AuditEventInput = z.input<typeof auditEventInputSchema> & { actor: Actor; occurredAt?: Date };
