import { createHash } from "node:crypto";
import type { SqlQuery } from "@prisma/driver-adapter-utils";

/**
 * PostgreSQL plans every unnamed statement anew: for the client lookup of the
 * OAuth hot paths (a UNION ALL of three joins) planning took several times
 * as long as running it, and the database's CPU per introspection was five
 * times the yardstick's. Statements lib/db-hot.ts marks as hot are
 * therefore sent as named prepared statements, which each connection plans
 * once and keeps while it lives. Only those with few parameters: a
 * statement whose text grows with its data (a multi-row insert, an IN list)
 * would otherwise leave a prepared statement per size on every connection.
 * (A pooler in transaction mode, such as PgBouncer's, needs its
 * prepared-statement support turned on.)
 */
export const HOT_MARK = "/* hot */ ";
const MAX_PREPARED_PARAMETERS = 16;

const names = new Map<string, string>();

export function preparedStatementName(query: SqlQuery): string {
  // undefined: an unnamed statement, as the adapter sends without a generator.
  if (!query.sql.startsWith(HOT_MARK) || query.args.length > MAX_PREPARED_PARAMETERS) return undefined as unknown as string;
  let name = names.get(query.sql);
  if (name === undefined) {
    name = `hot_${createHash("sha256").update(query.sql).digest("hex").slice(0, 24)}`;
    // Bounded by the fixed-shape hot statements (a few dozen); the cap is a guard.
    if (names.size < 10_000) names.set(query.sql, name);
  }
  return name;
}
