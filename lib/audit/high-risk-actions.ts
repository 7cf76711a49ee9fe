/**
 * The audit actions that change who or what can act in an organisation, or
 * that take the trail itself out of the console. The org home lists them as
 * "recent high-risk changes"; defined once so every screen agrees.
 */
export const HIGH_RISK_ACTIONS = [
  "service_account.deleted",
  "service_account.deactivated",
  "service_account.secret_rotated",
  "service_account.secret_revoked",
  "api_key.created",
  "api_key.revoked",
  "scope.updated",
  "scope.deleted",
  "member.added",
  "member.role_changed",
  "member.removed",
  "audit.exported",
  "audit.retention_changed",
  "audit.events_pruned",
] as const;
export type HighRiskAction = (typeof HIGH_RISK_ACTIONS)[number];

/**
 * Creating an account, or updating one, counts as high-risk when it granted a
 * high-risk scope: the event's metadata lists the high-risk scopes it newly
 * granted, as they were flagged then, in `highRiskScopes`. Canonical JSON has
 * no whitespace, so a non-empty list always starts with exactly this text.
 */
export const HIGH_RISK_GRANT_ACTIONS = ["service_account.created", "service_account.updated"] as const;
export const HIGH_RISK_GRANT = '"highRiskScopes":["';

const actions: ReadonlySet<string> = new Set(HIGH_RISK_ACTIONS);
const grantActions: ReadonlySet<string> = new Set(HIGH_RISK_GRANT_ACTIONS);

/** Whether one event, with its metadata as stored (canonical JSON text), is a high-risk change. */
export function isHighRiskEvent(event: { action: string; metadata: string | null }): boolean {
  if (actions.has(event.action)) return true;
  return grantActions.has(event.action) && !!event.metadata?.includes(HIGH_RISK_GRANT);
}
