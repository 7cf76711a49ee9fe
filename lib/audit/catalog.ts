import { z } from "zod";

/**
 * Every audit action, defined once: its name, the shape of its metadata,
 * whether it is a high-risk change, and what it means. Recording checks
 * events against this (an unknown action is a type error and a runtime
 * refusal), and the audit filter, the org home's high-risk list and the
 * management API's OpenAPI enum all read it.
 *
 * Metadata schemas are loose on purpose: they name the fields each event
 * carries and check their types, but pass unknown fields through, because
 * the stored canonical JSON is covered by the hash chain and must stay
 * exactly what the caller recorded (recording validates, it never rewrites).
 */
const meta = <S extends z.ZodRawShape>(shape: S) => z.looseObject(shape);
const strings = z.array(z.string());
const beforeAfter = meta({ before: z.record(z.string(), z.unknown()).optional(), after: z.record(z.string(), z.unknown()).optional() });
const iso = z.string().nullable();

export interface AuditActionDefinition {
  description: string;
  /** Always a high-risk change (the org home lists it). */
  highRisk: boolean;
  /** High-risk when its metadata lists newly granted high-risk scopes in `highRiskScopes`. */
  highRiskWhenGranting?: boolean;
  targetType?: "service_account" | "api_key" | "scope" | "user" | "organization" | "invitation" | "signing_key" | "change_request" | "access_review" | "webhook";
  metadata: z.ZodType<Record<string, unknown>>;
}

const define = <T extends Record<string, AuditActionDefinition>>(catalog: T) => catalog;

export const AUDIT_CATALOG = define({
  "user.signed_in": { description: "A person signed in to the console (or failed to)", highRisk: false, targetType: "user", metadata: meta({ method: z.string().optional() }) },
  "user.signed_out": { description: "A person signed out of the console", highRisk: false, targetType: "user", metadata: meta({}) },
  "user.reauthenticated": {
    description: "A signed-in person confirmed who they are again (or failed to) before a sensitive change",
    highRisk: false,
    targetType: "user",
    metadata: meta({ method: z.string().optional() }),
  },
  "organization.created": {
    description: "An organisation was created",
    highRisk: false,
    targetType: "organization",
    metadata: meta({ after: z.record(z.string(), z.unknown()).optional(), ownerUserId: z.string().nullable().optional() }),
  },
  "member.invited": { description: "An invitation link was created", highRisk: false, targetType: "invitation", metadata: meta({ role: z.string().optional(), expiresAt: z.string().optional() }) },
  "member.joined": { description: "A person joined through an invitation", highRisk: false, targetType: "user", metadata: meta({ role: z.string().optional() }) },
  "member.added": { description: "An owner added a member", highRisk: true, targetType: "user", metadata: beforeAfter },
  "member.role_changed": { description: "A member's role changed", highRisk: true, targetType: "user", metadata: beforeAfter },
  "member.removed": { description: "A member was removed", highRisk: true, targetType: "user", metadata: beforeAfter },
  "member.invitation_revoked": { description: "An unused invitation was revoked", highRisk: false, targetType: "invitation", metadata: meta({}) },
  "scope.created": { description: "A scope was added to the catalog", highRisk: false, targetType: "scope", metadata: beforeAfter },
  "scope.updated": { description: "A scope's description or high-risk flag changed", highRisk: true, targetType: "scope", metadata: beforeAfter },
  "scope.deleted": { description: "A scope was removed from the catalog", highRisk: true, targetType: "scope", metadata: beforeAfter },
  "service_account.created": {
    description: "A service account was created with its first secret",
    highRisk: false,
    highRiskWhenGranting: true,
    targetType: "service_account",
    metadata: meta({ after: z.record(z.string(), z.unknown()).optional(), secretId: z.string().optional(), highRiskScopes: strings.optional() }),
  },
  "service_account.updated": {
    description: "A service account's name, description, scopes, audiences or token lifetime changed",
    highRisk: false,
    highRiskWhenGranting: true,
    targetType: "service_account",
    metadata: meta({ before: z.record(z.string(), z.unknown()).optional(), after: z.record(z.string(), z.unknown()).optional(), highRiskScopes: strings.optional() }),
  },
  "service_account.deactivated": { description: "A service account and all its credentials stopped working", highRisk: true, targetType: "service_account", metadata: beforeAfter },
  "service_account.activated": { description: "A deactivated service account was reactivated", highRisk: false, targetType: "service_account", metadata: beforeAfter },
  "service_account.deleted": { description: "A service account and its credentials were deleted", highRisk: true, targetType: "service_account", metadata: beforeAfter },
  "service_account.secret_rotated": {
    description: "A new client secret was issued; older ones got a grace period",
    highRisk: true,
    targetType: "service_account",
    metadata: meta({ secretId: z.string().optional(), graceSeconds: z.number().optional(), previousSecretExpiresAt: iso.optional() }),
  },
  "service_account.secret_revoked": { description: "A client secret was revoked", highRisk: true, targetType: "service_account", metadata: meta({ secretId: z.string().optional() }) },
  "api_key.created": {
    description: "An API key was issued for a service account",
    highRisk: true,
    targetType: "api_key",
    metadata: meta({ clientId: z.string().optional(), scopes: strings.nullable().optional(), expiresAt: iso.optional() }),
  },
  "api_key.revoked": { description: "An API key was revoked", highRisk: true, targetType: "api_key", metadata: meta({ clientId: z.string().optional() }) },
  "token.issued": {
    description: "An access token was issued at /oauth/token",
    highRisk: false,
    targetType: "service_account",
    metadata: meta({ jti: z.string().optional(), scopes: strings.optional(), audiences: strings.optional() }),
  },
  "token.denied": { description: "A token request was refused; repeats are aggregated per client id, address and reason per minute", highRisk: false, targetType: "service_account", metadata: meta({ error: z.string().optional(), count: z.number().optional() }) },
  "token.introspected": {
    description: "A resource server introspected a token or API key (recorded before introspection was counted instead, see CredentialUsage)",
    highRisk: false,
    targetType: "service_account",
    metadata: meta({ active: z.boolean().optional() }),
  },
  "introspection.denied": {
    description: "An introspection request was refused (failed client authentication, missing scope); repeats are aggregated per minute",
    highRisk: false,
    targetType: "service_account",
    metadata: meta({ error: z.string().optional(), count: z.number().optional() }),
  },
  "revocation.denied": {
    description: "A revocation request was refused (failed client authentication); repeats are aggregated per minute",
    highRisk: false,
    targetType: "service_account",
    metadata: meta({ error: z.string().optional(), count: z.number().optional() }),
  },
  "signing_key.created": {
    description: "A signing key was created because none could sign (a new installation, or a first checkpoint key)",
    highRisk: true,
    targetType: "signing_key",
    metadata: meta({ kid: z.string(), alg: z.string(), use: z.string() }),
  },
  "signing_key.rotated": {
    description: "The operator rotated a signing key: the new key is published now and signs after the publication delay",
    highRisk: true,
    targetType: "signing_key",
    metadata: meta({ kid: z.string(), alg: z.string(), use: z.string(), retired: strings }),
  },
  "token.revoked": { description: "A client revoked one of its tokens or API keys", highRisk: false, metadata: meta({}) },
  "audit.exported": { description: "The audit trail was exported", highRisk: true, targetType: "organization", metadata: meta({ format: z.string().optional() }) },
  "audit.retention_changed": { description: "The audit retention period changed", highRisk: true, targetType: "organization", metadata: beforeAfter },
  "audit.checkpoint_signed": {
    description: "The server or its operator signed a checkpoint of an audit chain (recorded in the instance trail)",
    highRisk: false,
    targetType: "organization",
    metadata: meta({ chain: z.string(), seq: z.number(), kid: z.string() }),
  },
  "audit.events_pruned": {
    description: "Events older than the retention period were pruned (a signed checkpoint keeps the chain verifiable)",
    highRisk: true,
    targetType: "organization",
    metadata: meta({ throughSeq: z.number(), count: z.number().optional() }),
  },
  // Four-eyes approval (lib/change-requests/). Each event names its request
  // (changeRequestId); the target is what the request changes. `approved`,
  // `rejected`, `withdrawn` and `expired` name the `requested` event;
  // `applied` names the `approved` one and records the change itself.
  "change_request.requested": {
    description: "A change that needs approval was requested; nothing changed yet",
    highRisk: false,
    metadata: meta({ changeRequestId: z.string(), kind: z.string(), changes: z.array(z.unknown()).optional(), grantForSeconds: z.number().nullable().optional() }),
  },
  "change_request.approved": {
    description: "Someone other than the requester approved a change request; its change was applied with it",
    highRisk: true,
    metadata: meta({ changeRequestId: z.string(), kind: z.string(), requestedEventId: z.string(), requestedSeq: z.number() }),
  },
  "change_request.rejected": {
    description: "A change request was rejected; nothing changed",
    highRisk: false,
    metadata: meta({ changeRequestId: z.string(), requestedEventId: z.string(), requestedSeq: z.number(), comment: z.string().nullable().optional() }),
  },
  "change_request.withdrawn": {
    description: "The requester withdrew a change request; nothing changed",
    highRisk: false,
    metadata: meta({ changeRequestId: z.string(), requestedEventId: z.string(), requestedSeq: z.number() }),
  },
  "change_request.expired": {
    description: "A change request nobody decided within 7 days expired; nothing changed",
    highRisk: false,
    metadata: meta({ changeRequestId: z.string(), requestedEventId: z.string(), requestedSeq: z.number() }),
  },
  "change_request.applied": {
    description: "An approved change request's change was made, exactly as requested (before/after)",
    highRisk: true,
    metadata: meta({
      changeRequestId: z.string(),
      kind: z.string(),
      approvedEventId: z.string(),
      before: z.record(z.string(), z.unknown()).optional(),
      after: z.record(z.string(), z.unknown()).optional(),
    }),
  },
  "service_account.grant_expired": {
    description: "A time-boxed scope grant reached its end and was removed",
    highRisk: false,
    targetType: "service_account",
    metadata: meta({ scopes: strings, expiredAt: z.string(), before: z.record(z.string(), z.unknown()).optional(), after: z.record(z.string(), z.unknown()).optional() }),
  },
  // One event for every organisation setting, whichever changed it
  // (updateOrganizationSettings: four-eyes approval and the access review
  // cadence); its before/after hold only the settings that changed.
  "organization.settings_changed": {
    description: "An organisation setting changed (four-eyes approval on or off, the access review cadence)",
    highRisk: true,
    targetType: "organization",
    metadata: beforeAfter,
  },
  "access_review.started": {
    description: "An access review campaign started: every grant of every account, as it was then, awaits a keep or remove decision",
    highRisk: false,
    targetType: "access_review",
    metadata: meta({ reviewId: z.string(), accounts: z.number().optional(), grants: z.number().optional() }),
  },
  "access_review.decided": {
    description: "A reviewer marked a grant keep or remove in an open access review",
    highRisk: false,
    targetType: "access_review",
    metadata: meta({ reviewId: z.string(), itemId: z.string(), clientId: z.string().optional(), scope: z.string().optional(), decision: z.string(), previous: z.string().nullable().optional() }),
  },
  "access_review.closed": {
    description: "An access review campaign closed; the grants marked remove were removed in the same transaction",
    highRisk: true,
    targetType: "access_review",
    metadata: meta({ reviewId: z.string(), removed: z.number().optional(), kept: z.number().optional(), undecided: z.number().optional(), gone: z.number().optional() }),
  },
  "webhook.created": {
    description: "A webhook endpoint was added",
    highRisk: true,
    targetType: "webhook",
    metadata: meta({ after: z.record(z.string(), z.unknown()).optional() }),
  },
  "webhook.updated": { description: "A webhook endpoint's address, events, private-target setting or enabled state changed", highRisk: true, targetType: "webhook", metadata: beforeAfter },
  "webhook.deleted": { description: "A webhook endpoint and its delivery log were deleted", highRisk: false, targetType: "webhook", metadata: beforeAfter },
  "webhook.secret_rotated": {
    description: "A webhook endpoint got a new signing secret; the previous one signs too until it expires",
    highRisk: false,
    targetType: "webhook",
    metadata: meta({ previousSecretExpiresAt: iso.optional() }),
  },
  "webhook.disabled": {
    description: "A webhook endpoint was disabled after a day of failed deliveries",
    highRisk: false,
    targetType: "webhook",
    metadata: meta({ failingSince: z.string().optional(), lastError: z.string().nullable().optional(), lastStatusCode: z.number().nullable().optional() }),
  },
});

export type AuditAction = keyof typeof AUDIT_CATALOG;
export const AUDIT_ACTIONS = Object.keys(AUDIT_CATALOG) as [AuditAction, ...AuditAction[]];
export const auditActionSchema = z.enum(AUDIT_ACTIONS);

export const isAuditAction = (action: string): action is AuditAction => Object.hasOwn(AUDIT_CATALOG, action);

/** The metadata problems of an event against its action's schema, or null when it fits. */
export function auditMetadataIssues(action: AuditAction, metadata: Record<string, unknown> | null | undefined): z.core.$ZodIssue[] | null {
  const result = AUDIT_CATALOG[action].metadata.safeParse(metadata ?? {});
  return result.success ? null : result.error.issues;
}
