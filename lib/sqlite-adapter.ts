import type Database from "better-sqlite3";
import { Mutex } from "async-mutex";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

type Config = ConstructorParameters<typeof PrismaBetterSqlite3>[0];

/**
 * Prisma's better-sqlite3 adapter, made to behave like a connection pool
 * with READ COMMITTED plain queries, as PostgreSQL does.
 *
 * The stock adapter runs every query, in a transaction or not, on one
 * connection. A plain query issued elsewhere in the process while a
 * transaction is open therefore runs inside that transaction: a read sees
 * its uncommitted writes, a write is undone if it rolls back, and a read
 * landing before its first write pins a snapshot that makes that write fail
 * with SQLITE_BUSY when another process (the CLI, a test worker) commits
 * meanwhile.
 *
 * Here plain SELECTs run on a second connection, which in WAL mode sees only
 * committed data and never waits for a writer. Transactions begin IMMEDIATE
 * (taking the write lock up front, under the busy timeout) and, with plain
 * writes, take turns on the first connection: a plain write waits for an
 * open transaction to end instead of joining it.
 */
export class PrismaSqlite implements SqlDriverAdapterFactory {
  readonly provider = "sqlite";
  readonly adapterName = "@prisma/adapter-better-sqlite3";

  constructor(private readonly config: Config) {}

  async connect(): Promise<SqlDriverAdapter> {
    const writer = await new PrismaBetterSqlite3(this.config).connect();
    beginImmediate(writer);
    const reader = await new PrismaBetterSqlite3(this.config).connect();
    const turn = new Mutex();
    return {
      provider: writer.provider,
      adapterName: writer.adapterName,
      queryRaw: (query: SqlQuery) => (isRead(query) ? reader.queryRaw(query) : turn.runExclusive(() => writer.queryRaw(query))),
      executeRaw: (query: SqlQuery) => turn.runExclusive(() => writer.executeRaw(query)),
      executeScript: (script: string) => turn.runExclusive(() => writer.executeScript(script)),
      ...(writer.getConnectionInfo && { getConnectionInfo: writer.getConnectionInfo.bind(writer) }),
      startTransaction: async (isolationLevel) => {
        const release = await turn.acquire();
        try {
          return releasingOnEnd(await writer.startTransaction(isolationLevel), release);
        } catch (e) {
          release();
          throw e;
        }
      },
      dispose: async () => {
        await Promise.all([writer.dispose(), reader.dispose()]);
      },
    };
  }
}

const isRead = (query: SqlQuery) => /^\s*SELECT\b/i.test(query.sql);

/** The stock adapter keeps its better-sqlite3 handle in `client` and begins with prepare("BEGIN"). */
function beginImmediate(adapter: SqlDriverAdapter) {
  const client = (adapter as unknown as { client?: Database.Database }).client;
  if (typeof client?.prepare !== "function") throw new Error("@prisma/adapter-better-sqlite3 changed: cannot make transactions IMMEDIATE");
  const prepare = client.prepare.bind(client);
  client.prepare = ((source: string) => prepare(source === "BEGIN" ? "BEGIN IMMEDIATE" : source)) as typeof client.prepare;
}

/** `tx`, calling `release` once when it commits or rolls back. */
function releasingOnEnd(tx: Transaction, release: () => void): Transaction {
  let released = false;
  const end = (step: () => Promise<void>) => async () => {
    try {
      await step();
    } finally {
      if (!released) {
        released = true;
        release();
      }
    }
  };
  const commit = end(() => tx.commit());
  const rollback = end(() => tx.rollback());
  return new Proxy(tx, {
    get(target, property) {
      if (property === "commit") return commit;
      if (property === "rollback") return rollback;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
