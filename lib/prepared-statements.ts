import { createHash } from "node:crypto";
import type { SqlQuery } from "@prisma/driver-adapter-utils";

/**
 * PostgreSQL plans every unnamed statement anew: for the client lookup of the
 * OAuth hot paths (a UNION ALL of three joins) planning took several times
 * as long as running it, and the database's CPU per introspection was five
 * times the yardstick's. Statements lib/db-hot.ts marks as hot are
 * therefore sent as named prepared statements, which each connection plans
 * once. Only short ones: a multi-row insert of a large audit batch would
 * keep a big plan per connection for little gain.
 */
export const HOT_MARK = "/* hot */ ";
const MAX_PREPARED_LENGTH = 4_096;

const names = new Map<string, string | undefined>();

export function preparedStatementName(query: SqlQuery): string {
  let name = names.get(query.sql);
  if (!names.has(query.sql)) {
    name = query.sql.startsWith(HOT_MARK) && query.sql.length <= MAX_PREPARED_LENGTH ? `hot_${createHash("sha256").update(query.sql).digest("hex").slice(0, 24)}` : undefined;
    if (names.size < 10_000) names.set(query.sql, name);
  }
  // undefined: an unnamed statement, as the adapter sends without a generator.
  return name as string;
}
