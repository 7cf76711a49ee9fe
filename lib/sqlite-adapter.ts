import type Database from "better-sqlite3";
import { Mutex } from "async-mutex";
import { LRUCache } from "lru-cache";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { adoptWriter, releaseWriter } from "./wal-checkpointer";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

type Config = ConstructorParameters<typeof PrismaBetterSqlite3>[0];

/**
 * Statements run at once on one of the adapter's better-sqlite3 connections,
 * below the stock adapter's per-call argument mapping, debug logging and
 * result conversion: for the OAuth hot paths (lib/db-hot.ts), where those
 * cost several times what SQLite itself does. The adapter offers it for
 * plain reads (the reader connection) and on each transaction (the writer
 * connection, which the transaction holds until it ends). Arguments are
 * mapped as the stock adapter maps them (a Date as ISO text, a boolean as
 * 0/1); rows come back as objects, integers as numbers.
 */
export interface DirectStatements {
  all(sql: string, args: readonly unknown[]): Record<string, unknown>[];
  run(sql: string, args: readonly unknown[]): number;
  /**
   * PRAGMA data_version on this connection: it moves whenever another
   * connection (of this process or any other) has committed since it was
   * last read, and stands still otherwise.
   */
  dataVersion(): number;
}
export const DIRECT = Symbol.for("tessera.sqlite.direct");

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
 * (taking the write lock up front) and, with plain writes, take turns on the
 * first connection: a plain write waits for an open transaction to end
 * instead of joining it.
 *
 * Waiting for another process's write lock never blocks the event loop:
 * better-sqlite3's busy timeout sleeps inside the call, so it is kept to a
 * few milliseconds and the wait happens here, asynchronously, up to the
 * configured `timeout`. Past it the caller gets SQLITE_BUSY (a 503 at the
 * OAuth endpoints), never a frozen process.
 */
export class PrismaSqlite implements SqlDriverAdapterFactory {
  readonly provider = "sqlite";
  readonly adapterName = "@prisma/adapter-better-sqlite3";

  constructor(private readonly config: Config) {}

  async connect(): Promise<SqlDriverAdapter> {
    const patience = this.config.timeout ?? 5_000;
    const connection = { ...this.config, timeout: SYNC_BUSY_MS };
    const writer = await new PrismaBetterSqlite3(connection).connect();
    const reader = await new PrismaBetterSqlite3(connection).connect();
    // While the server's checkpointer runs, the writer's commits checkpoint only past its backstop.
    adoptWriter(clientOf(writer));
    // Before takeOverBegin and cacheStatements replace the connections' prepare.
    const direct = { reader: directOn(clientOf(reader), { readOnly: true }), writer: directOn(clientOf(writer)) };
    const begin = takeOverBegin(writer);
    cacheStatements(reader);
    const turn = new Mutex();
    const write = <T>(fn: () => Promise<T>) => turn.runExclusive(() => whileBusy(fn, patience));
    const adapter: SqlDriverAdapter = {
      provider: writer.provider,
      adapterName: writer.adapterName,
      queryRaw: (query: SqlQuery) => (isRead(query) ? whileBusy(() => reader.queryRaw(query), patience) : write(() => writer.queryRaw(query))),
      executeRaw: (query: SqlQuery) => write(() => writer.executeRaw(query)),
      executeScript: (script: string) => write(() => writer.executeScript(script)),
      ...(writer.getConnectionInfo && { getConnectionInfo: writer.getConnectionInfo.bind(writer) }),
      startTransaction: async (isolationLevel) => {
        const release = await turn.acquire();
        try {
          // BEGIN IMMEDIATE here, waiting asynchronously; the stock adapter's own BEGIN is then a no-op.
          await whileBusy(async () => begin(), patience);
          try {
            return releasingOnEnd(await writer.startTransaction(isolationLevel), release, direct.writer);
          } catch (e) {
            begin.rollback();
            throw e;
          }
        } catch (e) {
          release();
          throw e;
        }
      },
      dispose: async () => {
        releaseWriter(clientOf(writer));
        await Promise.all([writer.dispose(), reader.dispose()]);
      },
    };
    return Object.assign(adapter, { [DIRECT]: direct.reader });
  }
}

/** How long one better-sqlite3 call may sleep on a lock before handing the wait back to us. */
const SYNC_BUSY_MS = 5;

const isSelect = (sql: string) => /^\s*SELECT\b/i.test(sql);
const isRead = (query: SqlQuery) => isSelect(query.sql);

export function isBusy(e: unknown): boolean {
  const err = e as { code?: unknown; cause?: { originalCode?: unknown } };
  const code = typeof err?.code === "string" ? err.code : err?.cause?.originalCode;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

/** Retry `fn` while the database is locked by another process, sleeping between tries, up to `patienceMs`. */
async function whileBusy<T>(fn: () => Promise<T>, patienceMs: number): Promise<T> {
  const deadline = Date.now() + patienceMs;
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    try {
      return await fn();
    } catch (e) {
      if (!isBusy(e) || Date.now() + pause > deadline) throw e;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/**
 * The stock adapter keeps its better-sqlite3 handle in `client` and begins a
 * transaction with prepare("BEGIN") while holding an internal mutex that it
 * never releases if BEGIN throws. So the lock is taken here first, with
 * BEGIN IMMEDIATE, and the stock adapter's BEGIN becomes a harmless no-op:
 * it cannot fail, so its mutex is always released at commit or rollback.
 */
function takeOverBegin(adapter: SqlDriverAdapter) {
  const client = clientOf(adapter);
  const prepare = client.prepare.bind(client);
  const cached = cachingPrepare(client);
  client.prepare = ((source: string) => cached(source === "BEGIN" ? "SELECT 1" : source)) as typeof client.prepare;
  const begin = () => {
    prepare("BEGIN IMMEDIATE").run();
  };
  begin.rollback = () => {
    if (client.inTransaction) prepare("ROLLBACK").run();
  };
  return begin;
}

function clientOf(adapter: SqlDriverAdapter): Database.Database {
  const client = (adapter as unknown as { client?: Database.Database }).client;
  if (typeof client?.prepare !== "function") throw new Error("@prisma/adapter-better-sqlite3 changed: cannot reach its connection");
  return client;
}

/** Reuse the reader's prepared statements too (see cachingPrepare). */
function cacheStatements(adapter: SqlDriverAdapter) {
  const client = clientOf(adapter);
  client.prepare = cachingPrepare(client) as typeof client.prepare;
}

const STATEMENT_CACHE_SIZE = 200;

/** A connection's statements, each prepared once, the most recently used kept. */
function recentStatements(prepare: (sql: string) => Database.Statement): (sql: string) => Database.Statement {
  const cache = new LRUCache<string, Database.Statement>({ max: STATEMENT_CACHE_SIZE });
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = prepare(sql)));
    return statement;
  };
}
const columnsOf = new WeakMap<Database.Statement, Database.ColumnDefinition[]>();

/**
 * The stock adapter prepares every statement anew (`prepare(sql).bind(args)`),
 * and parsing SQL is a good part of what a hot query costs. This keeps the
 * most recently used statements and hands the adapter a one-use view of a
 * cached one: better-sqlite3 allows bind() only once per statement, so the
 * arguments are passed at each call instead.
 */
function cachingPrepare(client: Database.Database) {
  const prepared = recentStatements(client.prepare.bind(client));
  return (source: string) => {
    const statement = prepared(source);
    // A statement's columns never change once prepared; reading them allocates, so once is enough.
    const columns = () => (columnsOf.get(statement) ?? columnsOf.set(statement, statement.columns()).get(statement)!);
    return {
      get reader() {
        return statement.reader;
      },
      bind: (args: unknown[]) => ({
        get reader() {
          return statement.reader;
        },
        run: () => statement.run(...args),
        columns,
        raw: () => ({ all: () => statement.raw(true).all(...args) }),
      }),
      run: (...args: unknown[]) => statement.run(...args),
    };
  };
}
/** Date and boolean arguments as the stock adapter stores them (its mapArg, with the default iso8601 timestamps). */
function sqliteValue(arg: unknown): unknown {
  if (arg instanceof Date) return arg.toISOString().replace("Z", "+00:00");
  if (typeof arg === "boolean") return arg ? 1 : 0;
  return arg;
}

function directOn(client: Database.Database, options: { readOnly?: boolean } = {}): DirectStatements {
  // Statements of their own (not the stock adapter's, which reads integers as BigInt).
  const prepare = client.prepare.bind(client);
  const statement = recentStatements((sql) => prepare(sql).safeIntegers(false));
  // The reader runs outside the writer's turns, so it must never write.
  const allowed = (sql: string) => {
    if (options.readOnly && !isSelect(sql)) throw new Error("the reader connection runs SELECT statements only");
    return sql;
  };
  let version: Database.Statement | undefined;
  return {
    all: (sql, args) => statement(allowed(sql)).all(...args.map(sqliteValue)) as Record<string, unknown>[],
    run: (sql, args) => statement(allowed(sql)).run(...args.map(sqliteValue)).changes,
    dataVersion: () => (version ??= prepare("PRAGMA data_version").pluck().safeIntegers(false)).get() as number,
  };
}

/** `tx`, calling `release` once when it commits or rolls back, with direct statements on its connection. */
function releasingOnEnd(tx: Transaction, release: () => void, direct: DirectStatements): Transaction {
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
      if (property === DIRECT) return direct;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
