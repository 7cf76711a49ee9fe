import type { HotSql } from "../db-hot";
import { processState } from "../process-state";
import { compareCodeUnits } from "../code-unit-order";

const TABLES = { account: "ServiceAccount", secret: "ClientSecret", apiKey: "ApiKey" } as const;
export type LastUsedTable = keyof typeof TABLES;
const TABLE_ORDER = Object.keys(TABLES);

/** lastUsedAt (and a grant's lastRequestedAt) moves at most this often: a busy credential costs no write per use. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Move a credential's lastUsedAt to `at`: only forward (an older time written
 * late never hides a newer one), and only when it is more than
 * `resolutionMs` older, so a busy credential costs no write per use.
 */
export function advanceLastUsed(sql: HotSql, table: LastUsedTable, id: string, at: Date, resolutionMs = 0): Promise<number> {
  return sql.execute(`UPDATE "${TABLES[table]}" SET "lastUsedAt" = ? WHERE "id" = ? AND ("lastUsedAt" IS NULL OR "lastUsedAt" < ?)`, [
    at,
    id,
    new Date(at.getTime() - resolutionMs),
  ]);
}

/** A fixed order for rows several writers lock (accounts, then secrets, then keys; by id), so two of them never wait on each other in a cycle. */
export function lockOrder(a: { table: LastUsedTable; id: string }, b: { table: LastUsedTable; id: string }): number {
  return TABLE_ORDER.indexOf(a.table) - TABLE_ORDER.indexOf(b.table) || compareCodeUnits(a.id, b.id);
}

/**
 * Move the lastRequestedAt of an account's grants of `scopeIds` to `at`,
 * under the same rule as advanceLastUsed: forward only, and only when more
 * than `resolutionMs` older.
 */
export function advanceLastRequested(sql: HotSql, accountId: string, scopeIds: string[], at: Date, resolutionMs = 0): Promise<number> {
  return sql.execute(
    `UPDATE "ServiceAccountScope" SET "lastRequestedAt" = ?
      WHERE "serviceAccountId" = ? AND "scopeId" IN (${scopeIds.map(() => "?").join(", ")}) AND ("lastRequestedAt" IS NULL OR "lastRequestedAt" < ?)`,
    [at, accountId, ...scopeIds, new Date(at.getTime() - resolutionMs)],
  );
}

/** What lastUseDue and noteLastUseMoved know a last-use time by: a credential's, or a grant's (accountId, scopeId). */
export function lastUseKey(of: { table: LastUsedTable; id: string } | { grantOf: string; scopeId: string }): string {
  return "table" in of ? `${of.table}:${of.id}` : `grant:${of.grantOf}:${of.scopeId}`;
}

// Past this many remembered moves, those older than the resolution (which decide nothing) are
// dropped, at most once per resolution, so a large set of busy credentials is not scanned on every use.
const PRUNE_ABOVE = 10_000;
const moves = processState("last-used-moves", () => ({ at: new Map<string, number>(), prunedAt: 0 }));

/**
 * Whether a use at `when` should move a last-use time (named by
 * lastUseKey): only when both the time as read (`read`, which may be a
 * remembered row that does not show the latest moves) and this process's
 * own last committed move of it are more than the resolution old, as
 * advanceLastUsed's own condition asks. So a hot credential costs at most
 * one write a minute per process, however its row was read.
 */
export function lastUseDue(key: string, when: Date, read: Date | null = null): boolean {
  const known = Math.max(read?.getTime() ?? 0, moves.at.get(key) ?? 0);
  return when.getTime() - known > LAST_USED_RESOLUTION_MS;
}

/** Remember that this process moved `key` to `when`: call it once the move has committed. */
export function noteLastUseMoved(key: string, when: Date): void {
  const now = when.getTime();
  if (moves.at.size >= PRUNE_ABOVE && now - moves.prunedAt >= LAST_USED_RESOLUTION_MS) {
    moves.prunedAt = now;
    for (const [k, at] of moves.at) if (now - at >= LAST_USED_RESOLUTION_MS) moves.at.delete(k);
  }
  if ((moves.at.get(key) ?? 0) < now) moves.at.set(key, now);
}
