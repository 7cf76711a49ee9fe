import { countOccurrences } from "./count-events";
import { db } from "../db";
import { at } from "../clock";
import type { Actor } from "./types";
import { authorizeOrg } from "../authz";
import { HIGH_RISK_ACTIONS, HIGH_RISK_GRANT, HIGH_RISK_GRANT_ACTIONS } from "./high-risk-actions";
import { PRUNE_ACTION } from "./verify-audit-chain";
import { newestFirst } from "./list-audit-events";
import { compareCodeUnits } from "../code-unit-order";

const DAY = 86_400_000;
export const TOKEN_ACTIVITY_DAYS = 14;
/** Top accounts count the tokens of the last 7 UTC days, today included. */
export const TOP_ACCOUNTS_DAYS = 7;
export const TOP_ACCOUNTS = 5;
export const HIGH_RISK_CHANGES = 10;

export interface TokenActivityDay {
  /** The UTC day, "2026-11-24". */
  day: string;
  issued: number;
  denied: number;
}

/**
 * The org home's dashboard: tokens issued and denied per UTC day over the
 * last 14 days (today included, zero-filled, oldest first), the accounts
 * issued the most tokens over the last 7 UTC days, and the newest high-risk
 * changes.
 *
 * Every query is a range of the (orgId, action, occurredAt) index, and no
 * event is loaded to be counted. Counting still costs one index entry per
 * event (and one row read per event for the accounts, which the index does
 * not hold), so a day that is over is counted once and remembered: a visit
 * then reads only today's events. Days are plain UTC ranges, so SQLite and
 * PostgreSQL agree on them.
 */
export async function summarizeTokenActivity(actor: Actor, orgSlug: string, now?: Date) {
  const { org } = await authorizeOrg(actor, orgSlug, "org:read");
  const when = at(now);
  const today = Date.UTC(when.getUTCFullYear(), when.getUTCMonth(), when.getUTCDate());
  const starts = Array.from({ length: TOKEN_ACTIVITY_DAYS }, (_, i) => today - (TOKEN_ACTIVITY_DAYS - 1 - i) * DAY);
  const highRisk = highRiskChanges(org.id);
  // Pruning the trail is the one thing that changes a past day: it starts a new generation of the remembered days.
  const generation = await db().auditEvent.count({ where: { orgId: org.id, action: PRUNE_ACTION } });
  const remember = <T>(kind: string, start: number, compute: () => Promise<T>) =>
    rememberDay(`${kind}:${org.id}:${generation}:${start}`, start, when, compute);

  const [days, perAccount] = await Promise.all([
    Promise.all(starts.map((start) => remember("tokens", start, () => countTokens(org.id, start)))),
    Promise.all(starts.slice(-TOP_ACCOUNTS_DAYS).map((start) => remember("accounts", start, () => tokensByAccount(org.id, start)))),
  ]);
  return { days, topAccounts: await topAccounts(org.id, perAccount), highRiskChanges: await highRisk };
}

const range = (start: number) => ({ gte: new Date(start), lt: new Date(start + DAY) });

async function countTokens(orgId: string, start: number): Promise<TokenActivityDay> {
  const count = (action: string) => countOccurrences({ orgId, action, occurredAt: range(start) });
  const [issued, denied] = await Promise.all([count("token.issued"), count("token.denied")]);
  return { day: new Date(start).toISOString().slice(0, 10), issued, denied };
}

async function tokensByAccount(orgId: string, start: number): Promise<[string, number][]> {
  const groups = await db().auditEvent.groupBy({
    by: ["actorId"],
    where: { orgId, action: "token.issued", occurredAt: range(start), actorId: { not: null } },
    _count: { _all: true },
  });
  return groups.map((g) => [g.actorId!, g._count._all]);
}

/** The accounts with the most tokens over the given days, named as they are now (or as they were, once deleted). */
async function topAccounts(orgId: string, perDay: [string, number][][]) {
  const totals = new Map<string, number>();
  for (const day of perDay) for (const [clientId, n] of day) totals.set(clientId, (totals.get(clientId) ?? 0) + n);
  const top = [...totals]
    .sort(([a, x], [b, y]) => y - x || compareCodeUnits(a, b))
    .slice(0, TOP_ACCOUNTS);
  const ids = top.map(([clientId]) => clientId);
  const [accounts, deleted] = await Promise.all([
    db().serviceAccount.findMany({ where: { orgId, clientId: { in: ids } }, select: { clientId: true, name: true } }),
    db().auditEvent.findMany({
      where: { orgId, action: "service_account.deleted", targetId: { in: ids } },
      select: { targetId: true, targetLabel: true },
    }),
  ]);
  const current = new Map(accounts.map((a) => [a.clientId, a.name]));
  const former = new Map(deleted.map((d) => [d.targetId, d.targetLabel]));
  return top.map(([clientId, tokens]) => ({
    clientId,
    name: current.get(clientId) ?? former.get(clientId) ?? clientId,
    /** False once the account is deleted: there is no page to link to. */
    exists: current.has(clientId),
    tokens,
  }));
}

const highRiskSelect = {
  id: true, seq: true, occurredAt: true, actorType: true, actorId: true, actorLabel: true, action: true,
  targetType: true, targetId: true, targetLabel: true, outcome: true,
} as const;

/**
 * The newest high-risk events. One query per action, each reading at most
 * the newest few rows of that action from the index, then merged: a single
 * `action IN (...) ORDER BY occurredAt` may instead walk the whole trail
 * newest first when high-risk changes are rare among millions of tokens.
 */
async function highRiskChanges(orgId: string) {
  const newest = (action: string, extra: object = {}) =>
    db().auditEvent.findMany({
      where: { orgId, action, ...extra },
      orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      take: HIGH_RISK_CHANGES,
      select: highRiskSelect,
    });
  const lists = await Promise.all([
    ...HIGH_RISK_ACTIONS.map((a) => newest(a)),
    ...HIGH_RISK_GRANT_ACTIONS.map((a) => newest(a, { metadata: { contains: HIGH_RISK_GRANT } })),
  ]);
  return lists
    .flat()
    .sort(newestFirst)
    .slice(0, HIGH_RISK_CHANGES)
    .map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() }));
}

/**
 * Remembered results for days that are over. A day counts as over a few
 * minutes after midnight UTC, once token decisions made before midnight
 * have surely committed; until then, and for today, it is counted afresh.
 * Entries expire after a day in any case and the map is bounded, so a
 * long-running server holds a few thousand small entries at most.
 */
const SETTLE_MS = 5 * 60_000;
const REMEMBER_MS = DAY;
const MAX_REMEMBERED = 5_000;
const remembered = new Map<string, { until: number; value: Promise<unknown> }>();

function rememberDay<T>(key: string, start: number, now: Date, compute: () => Promise<T>): Promise<T> {
  if (start + DAY + SETTLE_MS > now.getTime()) return compute();
  const hit = remembered.get(key);
  if (hit && hit.until > Date.now()) return hit.value as Promise<T>;
  const value = compute();
  remembered.delete(key);
  remembered.set(key, { until: Date.now() + REMEMBER_MS, value });
  value.catch(() => {
    if (remembered.get(key)?.value === value) remembered.delete(key);
  });
  if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
  return value;
}

export type TokenActivitySummary = Awaited<ReturnType<typeof summarizeTokenActivity>>;
