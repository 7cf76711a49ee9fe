import { AUDIT_CATALOG, AUDIT_ACTIONS, type AuditAction } from "./catalog";

/**
 * The audit actions that change who or what can act in an organisation, or
 * that take the trail itself out of the console: the catalog's high-risk
 * entries. The org home lists them as "recent high-risk changes".
 */
export const HIGH_RISK_ACTIONS = AUDIT_ACTIONS.filter((a) => AUDIT_CATALOG[a].highRisk);

/**
 * Creating an account, or updating one, counts as high-risk when it granted a
 * high-risk scope: the event's metadata lists the high-risk scopes it newly
 * granted, as they were flagged then, in `highRiskScopes`. Canonical JSON has
 * no whitespace, so a non-empty list always starts with exactly this text.
 */
export const HIGH_RISK_GRANT_ACTIONS: AuditAction[] = AUDIT_ACTIONS.filter((a) => "highRiskWhenGranting" in AUDIT_CATALOG[a]);
export const HIGH_RISK_GRANT = '"highRiskScopes":["';

const actions: ReadonlySet<string> = new Set(HIGH_RISK_ACTIONS);
const grantActions: ReadonlySet<string> = new Set(HIGH_RISK_GRANT_ACTIONS);

/** Whether one event, with its metadata as stored (canonical JSON text), is a high-risk change. */
export function isHighRiskEvent(event: { action: string; metadata: string | null }): boolean {
  if (actions.has(event.action)) return true;
  return grantActions.has(event.action) && !!event.metadata?.includes(HIGH_RISK_GRANT);
}
