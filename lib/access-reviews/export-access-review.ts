import { AppError } from "../errors";
import type { Actor } from "../audit/types";
import { csvField } from "../audit/export-audit-events";
import { getAccessReview, type ReviewCredential } from "./get-access-review";

const COLUMNS = [
  "reviewId", "startedAt", "startedBy", "closedAt", "closedBy", "clientId", "account", "accountStatus", "owner",
  "scope", "highRisk", "grantedAt", "lastRequestedAt", "decision", "decidedBy", "decidedAt", "outcome", "credentials",
] as const;

const describeCredential = (c: ReviewCredential) =>
  `${c.kind === "api_key" ? `api_key ${c.name ?? ""}`.trim() : "client_secret"} …${c.hint} created ${c.createdAt} expires ${c.expiresAt ?? "never"} last used ${c.lastUsedAt ?? "never"}`;

/**
 * A closed campaign as CSV (RFC 4180, formula-safe), one row per grant, and
 * one row for an account that held none, as compliance evidence: who
 * decided what, when, and what closing did. An open campaign is refused:
 * its decisions can still change.
 */
export async function exportAccessReview(actor: Actor, orgSlug: string, reviewId: string) {
  const review = await getAccessReview(actor, orgSlug, reviewId);
  if (review.status !== "closed") throw new AppError("conflict", "Close the access review before exporting it: its decisions can still change");
  const head = { reviewId: review.id, startedAt: review.startedAt, startedBy: review.startedBy, closedAt: review.closedAt, closedBy: review.closedBy };
  const rows: Record<(typeof COLUMNS)[number], unknown>[] = [];
  for (const a of review.accounts) {
    const account = { clientId: a.clientId, account: a.name, accountStatus: a.status, owner: a.owner, credentials: a.credentials.map(describeCredential).join("; ") };
    const none = { scope: null, highRisk: null, grantedAt: null, lastRequestedAt: null, decision: null, decidedBy: null, decidedAt: null, outcome: null };
    if (a.grants.length === 0) rows.push({ ...head, ...account, ...none });
    for (const g of a.grants) {
      rows.push({ ...head, ...account, scope: g.scope, highRisk: g.highRisk, grantedAt: g.grantedAt, lastRequestedAt: g.lastRequestedAt, decision: g.decision, decidedBy: g.decidedBy, decidedAt: g.decidedAt, outcome: g.outcome });
    }
  }
  const text = [COLUMNS.join(","), ...rows.map((r) => COLUMNS.map((c) => csvField(r[c])).join(","))].join("\r\n") + "\r\n";
  return { text, filename: `tessera-access-review-${review.startedAt.slice(0, 10)}-${review.id}.csv`, contentType: "text/csv; charset=utf-8" };
}
