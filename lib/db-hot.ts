import type { ArgType, SqlDriverAdapter, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";
import { connectedAdapter, dbProvider, type Tx } from "./db";
import { DIRECT, isBusy, type DirectStatements } from "./sqlite-adapter";
import { HOT_MARK } from "./prepared-statements";

/**
 * Statements for the OAuth hot paths (client lookup, group-committed audit
 * events and the writes that commit with them), sent through Prisma's
 * driver adapter: the same connections, statement counting and error
 * mapping Prisma uses, below the Prisma client's query interpreter.
 * On SQLite they run synchronously on the adapter's own better-sqlite3
 * connections (DirectStatements in sqlite-adapter.ts). Measured on the
 * token endpoint's client lookup: about 240 µs of CPU through $queryRaw,
 * about 50 µs through the adapter, about 12 µs direct. Everything else keeps
 * using the Prisma client.
 *
 * SQL is portable, with `?` placeholders (numbered for PostgreSQL here), one
 * argument per placeholder. Rows come back as objects keyed by column name,
 * dates as the driver gives them (see dateFromRaw).
 */
export type SqlArg = string | number | Date | null;

export interface HotSql {
  readonly hot: true;
  query<T>(sql: string, args: SqlArg[]): Promise<T[]>;
  execute(sql: string, args: SqlArg[]): Promise<number>;
}

const converted = new Map<string, string>();

/**
 * Numbered placeholders on PostgreSQL, where hot statements are also
 * prepared once per connection (prepared-statements.ts). Remembered per
 * text, so the same string object (and its cached hash) goes out each time.
 */
function placeholders(sql: string): string {
  if (dbProvider() !== "postgresql") return sql;
  let text = converted.get(sql);
  if (text === undefined) {
    let n = 0;
    text = HOT_MARK + sql.replace(/\?/g, () => `$${++n}`);
    if (converted.size < 10_000) converted.set(sql, text);
  }
  return text;
}

function argType(a: SqlArg): ArgType {
  const scalarType = typeof a === "number" ? (Number.isInteger(a) ? "bigint" : "float") : a instanceof Date ? "datetime" : "string";
  return { scalarType, arity: "scalar" };
}

/** On SQLite, the direct statements of the connection or transaction; undefined elsewhere. */
const directOf = (queryable: SqlQueryable) => (queryable as { [DIRECT]?: DirectStatements })[DIRECT];

/**
 * HotSql over a driver adapter connection or one of its transactions: on
 * SQLite through the adapter's direct statements (run at once, so a batch's
 * statements never wait behind other work), else through queryRaw/executeRaw.
 */
function over(queryable: SqlQueryable): HotSql {
  const direct = directOf(queryable);
  if (direct) {
    const patient = overAdapter(queryable);
    // Locked by another process for longer than the connection's short busy timeout (only a
    // plain read can meet that: a transaction holds the write lock): send it again the
    // adapter's way, which waits asynchronously up to its patience, instead of failing.
    const orWait = <R>(now: () => R, later: () => Promise<R>): Promise<R> => {
      try {
        return Promise.resolve(now());
      } catch (e) {
        return isBusy(e) ? later() : Promise.reject(e);
      }
    };
    return {
      hot: true,
      query: <T>(sql: string, args: SqlArg[]) => orWait(() => direct.all(sql, args) as T[], () => patient.query<T>(sql, args)),
      execute: (sql, args) => orWait(() => direct.run(sql, args), () => patient.execute(sql, args)),
    };
  }
  return overAdapter(queryable);
}

function overAdapter(queryable: SqlQueryable): HotSql {
  const request = (sql: string, args: SqlArg[]) => ({ sql: placeholders(sql), args, argTypes: args.map(argType) });
  return {
    hot: true,
    async query<T>(sql: string, args: SqlArg[]) {
      const result = await queryable.queryRaw(request(sql, args));
      const names = result.columnNames;
      return result.rows.map((row) => {
        const object: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) object[names[i]!] = row[i];
        return object as T;
      });
    },
    execute: (sql, args) => queryable.executeRaw(request(sql, args)),
  };
}

/** HotSql over a Prisma interactive transaction, so shared writers (the audit trail) have one code path for both. */
export function sqlOfTx(tx: Tx): HotSql {
  return {
    hot: true,
    query: <T>(sql: string, args: SqlArg[]) => tx.$queryRawUnsafe<T[]>(placeholders(sql), ...args),
    execute: (sql, args) => tx.$executeRawUnsafe(placeholders(sql), ...args),
  };
}

// 500 rows of up to 60 columns stay under both databases' limits on bound
// parameters (SQLite 32,766, PostgreSQL 65,535).
const ROWS_PER_INSERT = 500;

/**
 * `head` (an INSERT … VALUES without its rows) for rows of one width, then
 * `tail` (an ON CONFLICT clause, or nothing): one statement per
 * ROWS_PER_INSERT rows, in the order given. No rows, no statement.
 */
export async function insertRows(sql: HotSql, head: string, rows: SqlArg[][], tail = ""): Promise<void> {
  if (!rows.length) return;
  const placeholders = `(${rows[0]!.map(() => "?").join(", ")})`;
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    await sql.execute(`${head} ${chunk.map(() => placeholders).join(", ")}${tail && ` ${tail}`}`, chunk.flat());
  }
}

export const isHotSql = (x: Tx | HotSql): x is HotSql => (x as Partial<HotSql>).hot === true;
export const hotSqlOf = (x: Tx | HotSql): HotSql => (isHotSql(x) ? x : sqlOfTx(x));

// The connection's HotSql, made once rather than on every read.
const onConnection = new WeakMap<SqlQueryable, HotSql>();

/** One statement outside any transaction. */
export async function hotRead<T>(sql: string, args: SqlArg[]): Promise<T[]> {
  const adapter = await connectedAdapter();
  let hot = onConnection.get(adapter);
  if (!hot) onConnection.set(adapter, (hot = over(adapter)));
  return hot.query<T>(sql, args);
}

/**
 * SQLite: the data_version of the connection hotRead reads on (a number that
 * moves whenever any other connection, of this process or another, has
 * committed since it was last read). Null on PostgreSQL, and when the
 * database is locked, so the caller reads instead.
 */
export function readerDataVersion(adapter: SqlQueryable): number | null {
  const direct = directOf(adapter);
  if (!direct) return null;
  try {
    return direct.dataVersion();
  } catch (e) {
    if (isBusy(e)) return null;
    throw e;
  }
}

const statement = (sql: string) => ({ sql, args: [], argTypes: [] });

/**
 * `fn` in one transaction on the driver adapter, committed when it resolves
 * and rolled back when it throws, as the Prisma client ends its own
 * interactive transactions (COMMIT or ROLLBACK, then the adapter releases the
 * connection; on SQLite, the write lock).
 */
export async function hotTransaction<T>(fn: (sql: HotSql) => Promise<T>): Promise<T> {
  const adapter: SqlDriverAdapter = await connectedAdapter();
  const tx: Transaction = await adapter.startTransaction();
  let result: T;
  try {
    result = await fn(over(tx));
    await tx.executeRaw(statement("COMMIT"));
  } catch (e) {
    await tx.executeRaw(statement("ROLLBACK")).catch(() => undefined);
    await tx.rollback();
    throw e;
  }
  await tx.commit();
  return result;
}
