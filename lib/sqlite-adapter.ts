import type Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";

/**
 * Prisma's better-sqlite3 adapter, with every transaction begun IMMEDIATE.
 *
 * The adapter runs every query, in a transaction or not, on one connection,
 * and begins transactions DEFERRED. A plain read from elsewhere in the
 * process that lands between BEGIN and the transaction's first write then
 * pins a read snapshot inside it; if another process (the CLI beside the
 * server, another test worker) commits meanwhile, that first write fails at
 * once with SQLITE_BUSY, because SQLite cannot upgrade a stale snapshot and
 * skips the busy timeout. BEGIN IMMEDIATE takes the write lock up front,
 * waiting for it under the busy timeout like any other lock.
 */
export class PrismaSqliteImmediate extends PrismaBetterSqlite3 {
  override async connect() {
    const adapter = await super.connect();
    // The adapter keeps its better-sqlite3 handle in `client` and begins with prepare("BEGIN").
    const client = (adapter as unknown as { client?: Database.Database }).client;
    if (typeof client?.prepare !== "function") throw new Error("@prisma/adapter-better-sqlite3 changed: cannot make transactions IMMEDIATE");
    const prepare = client.prepare.bind(client);
    client.prepare = ((source: string) => prepare(source === "BEGIN" ? "BEGIN IMMEDIATE" : source)) as typeof client.prepare;
    return adapter;
  }
}
