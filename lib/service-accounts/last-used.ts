import type { HotSql } from "../db-hot";

const TABLES = { account: "ServiceAccount", secret: "ClientSecret", apiKey: "ApiKey" } as const;
export type LastUsedTable = keyof typeof TABLES;
const TABLE_ORDER = Object.keys(TABLES);

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
  return TABLE_ORDER.indexOf(a.table) - TABLE_ORDER.indexOf(b.table) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
