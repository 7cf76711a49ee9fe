import { z } from "zod";
import { auditActionSchema, auditMetadataIssues } from "./catalog";

export const actorTypes = ["user", "service_account", "api_key", "cli", "system"] as const;
export type ActorType = (typeof actorTypes)[number];

/** Who is acting, and from where. Passed from every adapter into the domain. */
export interface Actor {
  type: ActorType;
  /** User id, client id, key id; null for the CLI operator and the system. */
  id: string | null;
  label: string | null;
  clientIp?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  /**
   * For a service account or API key calling the management API: the
   * organisation its credential belongs to and its effective scopes, resolved
   * from the credential by the API adapter. Without it such an actor is
   * authorised nowhere. Never recorded in the trail.
   */
  grant?: { orgId: string; scopes: readonly string[] };
  /**
   * For a console user: when their session last proved who they are (sign-in
   * or re-authentication). Sensitive verbs ask for it to be recent
   * (lib/auth/recent-authentication.ts). Never recorded in the trail.
   */
  authenticatedAt?: Date | null;
}

export const cliActor = (label = "operator"): Actor => ({ type: "cli", id: null, label });
export const systemActor: Actor = { type: "system", id: null, label: "tessera" };

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
