import type { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { env, type Env } from "./env";
import { PrismaSqlite } from "./sqlite-adapter";
import { sqlitePath } from "./sqlite-path";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { instrumentAdapter } from "./db-adapter";
import { preparedStatementName } from "./prepared-statements";

/**
 * The one Prisma client. DATABASE_URL picks the provider: `file:` is the
 * embedded SQLite default, `postgresql://` the production database. Both
 * generated clients come from the same schema, so they share one type.
 */
export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type { Role, User, Organization, Membership, AuditEvent, ChangeRequest } from "./generated/sqlite/client";
export { Prisma } from "./generated/sqlite/client";

export type Provider = "sqlite" | "postgresql";

export function providerOf(url: string): Provider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
}

const globalForDb = globalThis as unknown as { tesseraDb?: Db; tesseraAdapter?: SqlDriverAdapter };

function createClient(url: string): Db {
  const keep = (adapter: SqlDriverAdapter) => (globalForDb.tesseraAdapter = adapter);
  if (providerOf(url) === "sqlite") {
    // timeout: wait up to 10 s for another process's write lock (CLI beside the server).
    // The file the migrations and the WAL checkpointer open too (sqlitePath).
    return new SqliteClient({ adapter: instrumentAdapter(new PrismaSqlite({ url: `file:${sqlitePath(url)}`, timeout: 10_000 }), keep) });
  }
  const options = { statementNameGenerator: preparedStatementName };
  return new PostgresClient({ adapter: instrumentAdapter(pgOnConnect(postgresPoolConfig(url), options), keep) }) as unknown as Db;
}

/**
 * Prisma's PostgreSQL adapter, loaded when the database is first connected:
 * loading it and pg took about a tenth of a one-second CLI command, which on
 * SQLite never needs them.
 */
function pgOnConnect(...args: ConstructorParameters<typeof PrismaPg>): SqlDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: async () => {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg(...args).connect();
    },
  };
}

/**
 * A database that is down refuses connections at once, but one that hangs
 * (paused, a dead network path) would hold every request forever. So waiting
 * for a connection and each statement are bounded; past the bound the
 * request answers 503 (db-availability). statement_timeout has the server
 * cancel a slow statement cleanly; query_timeout is the client giving up
 * when the server cannot answer at all.
 */
export function postgresPoolConfig(url: string, limits: Pick<Env, "TESSERA_DB_CONNECT_TIMEOUT_MS" | "TESSERA_DB_QUERY_TIMEOUT_MS"> = env()) {
  const { TESSERA_DB_CONNECT_TIMEOUT_MS: connectMs, TESSERA_DB_QUERY_TIMEOUT_MS: statementMs } = limits;
  return { connectionString: url, connectionTimeoutMillis: connectMs, statement_timeout: statementMs, query_timeout: statementMs };
}

/** Lazily created so that importing a module never opens a database. */
export function db(): Db {
  globalForDb.tesseraDb ??= createClient(env().DATABASE_URL);
  return globalForDb.tesseraDb;
}

export function dbProvider(): Provider {
  return providerOf(env().DATABASE_URL);
}

/**
 * Run `fn` in one interactive transaction. On SQLite it holds the write lock
 * from its start (see PrismaSqlite), so it waits its turn under the
 * busy timeout instead of failing half-way.
 */
export async function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(fn, { timeout: 20_000, maxWait: 20_000 });
}

export async function disconnectDb(): Promise<void> {
  await globalForDb.tesseraDb?.$disconnect();
  globalForDb.tesseraDb = undefined;
  globalForDb.tesseraAdapter = undefined;
}

/** The driver adapter under the Prisma client (connected on first use): what lib/db-hot.ts sends its statements through. */
export async function connectedAdapter(): Promise<SqlDriverAdapter> {
  if (!globalForDb.tesseraAdapter) await db().$connect();
  return globalForDb.tesseraAdapter!;
}

/** A date column read through $queryRaw: a Date on PostgreSQL, ISO text on SQLite. */
export function dateFromRaw(value: Date | string | null): Date | null {
  return value === null ? null : value instanceof Date ? value : new Date(value);
}
