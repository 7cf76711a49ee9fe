/** The actions the audit filter offers; the trail may hold others, which still show in the table. */
export const KNOWN_AUDIT_ACTIONS = [
  "user.signed_in",
  "user.signed_out",
  "organization.created",
  "member.invited",
  "member.joined",
  "member.added",
  "member.role_changed",
  "member.removed",
  "member.invitation_revoked",
  "scope.created",
  "scope.updated",
  "scope.deleted",
  "service_account.created",
  "service_account.updated",
  "service_account.deactivated",
  "service_account.activated",
  "service_account.deleted",
  "service_account.secret_rotated",
  "service_account.secret_revoked",
  "api_key.created",
  "api_key.revoked",
  "token.issued",
  "token.denied",
  "token.introspected",
  "token.revoked",
  "audit.exported",
  "audit.retention_changed",
  "audit.events_pruned",
] as const;

export const TIME_RANGES = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
export type TimeRange = keyof typeof TIME_RANGES | "custom";

export const AUDIT_FILTER_KEYS = ["actor", "actorType", "action", "target", "clientId", "outcome", "range", "from", "to"] as const;
