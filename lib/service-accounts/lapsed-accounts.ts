import { dbProvider } from "../db";
import type { HotSql } from "../db-hot";

/** What a token's audit event requires of its account when it commits. */
export interface ActiveAccountRequirement {
  accountId: string;
  /** When the token was asked for: its account must not have been deactivated since. */
  issuedAt: Date;
}

/**
 * Of `requirements`, those whose account is no longer active, or was
 * deactivated after the token was asked for (tokensValidAfter moved past
 * it), read inside the committing transaction. On PostgreSQL the rows are
 * locked as an update would lock them, so a deactivation in progress (it
 * locks the row first) commits before this reads them, and the batch's own
 * lastUsedAt update needs no stronger lock later: a share lock there would
 * deadlock two instances' batches touching the same account. On SQLite the
 * transaction already holds the write lock. Together with deactivation taking its time only once it
 * holds the row, no token commits after a deactivation unless the
 * deactivation's tokensValidAfter already cuts it off.
 */
export async function lapsedAccounts<T extends ActiveAccountRequirement>(sql: HotSql, requirements: T[]): Promise<Set<T>> {
  const ids = [...new Set(requirements.map((r) => r.accountId))].sort();
  if (!ids.length) return new Set();
  const select = `SELECT "id", CAST("status" AS TEXT) AS "status", "tokensValidAfter" FROM "ServiceAccount" WHERE "id" IN (${ids.map(() => "?").join(", ")})`;
  const rows = await sql.query<Row>(dbProvider() === "postgresql" ? `${select} ORDER BY "id" FOR NO KEY UPDATE` : select, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return new Set(
    requirements.filter((r) => {
      const row = byId.get(r.accountId);
      const validAfter = row?.tokensValidAfter ? new Date(row.tokensValidAfter).getTime() : null;
      return !row || row.status !== "ACTIVE" || (validAfter !== null && validAfter > r.issuedAt.getTime());
    }),
  );
}

interface Row {
  id: string;
  status: string;
  tokensValidAfter: Date | string | null;
}
