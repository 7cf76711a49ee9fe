import { setImmediate as endOfTurn } from "node:timers/promises";
import { LRUCache } from "lru-cache";
import { connectedAdapter, db, dbProvider } from "../db";
import { hotRead, readerDataVersion, type SqlArg } from "../db-hot";
import { processState } from "../process-state";
import { metrics } from "../metrics";

/** A read of rows by statement and arguments: hotRead itself, or one that may answer from memory. */
export type Read = <T>(sql: string, args: SqlArg[]) => Promise<T[]>;

/**
 * The tables whose rows an OAuth answer may be given from memory, each with
 * the columns whose updates do not move the credential epoch (they record
 * use, not a decision). The migration's triggers move "CredentialEpoch" on
 * every other insert, update and delete of these tables (and TRUNCATE on
 * PostgreSQL); remembered-reads.test.ts holds the triggers to this list.
 */
export const EPOCH_WATCHED: Readonly<Record<string, readonly string[]>> = {
  ServiceAccount: ["lastUsedAt"],
  ClientSecret: ["lastUsedAt"],
  ServiceAccountScope: ["lastRequestedAt"],
  Scope: [],
  ApiKey: ["lastUsedAt"],
  Organization: [],
};

/**
 * Revoked token ids move an epoch of their own (the rows of "CredentialEpoch"
 * below 0), so a batch of revocations empties only what was remembered of
 * revoked token ids, not every account, secret, grant and key as well. A
 * remembered read names the tables of one epoch only.
 */
export const REVOCATIONS_WATCHED: Readonly<Record<string, readonly string[]>> = {
  RevokedToken: [],
};

type EpochName = "credentials" | "revocations";
const WATCHED: Record<EpochName, Readonly<Record<string, readonly string[]>>> = { credentials: EPOCH_WATCHED, revocations: REVOCATIONS_WATCHED };

// Each epoch is the sum of its rows (one per connection that moved it on
// PostgreSQL, one on SQLite): the credential epoch's from 0 up, the
// revocation epoch's below 0. The sum of their random salts tells a sum that
// fell and climbed back (a restored database) from the one it was.
const EPOCH_SQL = `SELECT sum(CASE WHEN "id" >= 0 THEN "value" END) AS "value", sum(CASE WHEN "id" >= 0 THEN "salt" END) AS "salt",
  sum(CASE WHEN "id" < 0 THEN "value" END) AS "revocations", sum(CASE WHEN "id" < 0 THEN "salt" END) AS "revocationSalt" FROM "CredentialEpoch"`;
// Tables are PascalCase and columns camelCase: every quoted PascalCase name is a table, however it is joined.
const TABLE_NAMES = /"([A-Z]\w*)"/g;
// A table named without quotes would escape the check above.
const UNQUOTED_SOURCE = /\b(?:FROM|JOIN)\s+(?!["(])/i;
// Bounded by what is kept (rows as JSON, and an allowance for each entry's
// objects): a caller presenting endless distinct credentials only evicts.
const MAX_BYTES = 16 * 1024 * 1024;
const ENTRY_BYTES = 512;

/** What is remembered under one epoch. */
interface Generation {
  /** The sum adopted, and the exact epoch (sum and salt) the kept rows were read under. */
  sum: bigint | null;
  mark: string | null;
  /** How many epoch reads had begun when this epoch was adopted. */
  adoptedAfter: number;
  rows: LRUCache<string, readonly object[]>;
}

const generation = (maxBytes: number): Generation => ({
  sum: null,
  mark: null,
  adoptedAfter: 0,
  rows: new LRUCache<string, readonly object[]>({ maxSize: maxBytes, sizeCalculation: (rows, key) => ENTRY_BYTES + key.length + JSON.stringify(rows).length }),
});

// Named anew when the state's shape changes: a process holding the old shape (a dev server's hot reload) starts afresh.
const state = processState("remembered-reads/2", () => ({
  connection: null as object | null,
  epochs: { credentials: generation(MAX_BYTES), revocations: generation(MAX_BYTES / 4) } as Record<EpochName, Generation>,
  /** Epoch reads begun so far. */
  begun: 0,
  /** The epoch read requests may still join: it has not begun (sharedEpochRead). */
  nextRead: undefined as Promise<EpochRead> | undefined,
  /** SQLite: the last epoch read begun, with the reader connection's data_version taken just before it. */
  lastRead: null as { connection: object; version: number; read: Promise<EpochRead> } | null,
  /** Statements found to read the watched tables of one epoch only, each with a short number for keys. */
  statements: new Map<string, Statement>(),
}));

interface Statement {
  number: number;
  epoch: EpochName;
}

/** The statement's number and epoch, once it is known to read only tables that move that epoch when they change. */
function statementOf(sql: string): Statement {
  const known = state.statements.get(sql);
  if (known !== undefined) return known;
  if (UNQUOTED_SOURCE.test(sql)) throw new Error("a remembered read names its tables in double quotes");
  const tables = [...sql.matchAll(TABLE_NAMES)].map(([, table]) => table!);
  if (!tables.length) throw new Error("a remembered read names the tables it reads, in double quotes");
  const epoch = (Object.keys(WATCHED) as EpochName[]).find((name) => tables.every((table) => Object.hasOwn(WATCHED[name], table)));
  if (!epoch) throw new Error(`remembered read of ${tables.map((t) => `"${t}"`).join(", ")}: its tables do not all move one epoch when they change`);
  const statement = { number: state.statements.size, epoch };
  state.statements.set(sql, statement);
  return statement;
}

/** Read afresh, under the same rule for statements, so a statement that breaks it fails at once, remembered or not. */
const fresh: Read = <T>(sql: string, args: SqlArg[]) => {
  statementOf(sql);
  metrics().rememberedReads.inc({ result: "miss" });
  return hotRead<T>(sql, args);
};

/**
 * Reads for one request that answer from rows read before, for as long as
 * the epoch their statement stands on has not moved since: the credential
 * epoch, or for revoked token ids the revocation epoch (REVOCATIONS_WATCHED),
 * each with a cache of its own under the rules below. The epochs are read after the
 * request asks for its first read (once for all the requests that asked in
 * the same turn: sharedEpochRead), and not at all for a
 * request refused before it reads anything (throttled, no credentials, a
 * malformed client id): every
 * change to a watched row commits with a move of the epoch (database
 * triggers, whoever writes), so a change committed before this request
 * arrived is never answered from memory, on this instance or any other
 * sharing the database.
 *
 * - Rows are kept only when read under the very epoch their cache holds
 *   (sum and salt): a reader that saw an older one cannot store what it
 *   read into a newer cache.
 * - A sum above the cache's empties the cache and is adopted. So is any
 *   other epoch read that began after the cache's epoch was adopted: it
 *   cannot be an older view, so the database went back (a restore, a
 *   failover that lost commits) and nothing remembered holds.
 * - A read that began before the adoption and saw an older epoch (requests'
 *   reads complete out of order on PostgreSQL) is answered afresh and
 *   changes nothing.
 * - Empty results are kept too, so an unknown client id costs what a known
 *   one does (the decoy check in client-authentication).
 *
 * Remembered rows keep lastUsedAt / lastRequestedAt as they were read:
 * those move without the epoch, so a caller must not decide on them.
 */
export function rememberedReads(): Read {
  let reader: Promise<Read> | undefined;
  return <T>(sql: string, args: SqlArg[]) => (reader ??= readerAtCurrentEpoch()).then((read) => read<T>(sql, args));
}

interface EpochRead {
  connection: object;
  /** How many epoch reads had begun before this one. */
  begun: number;
  row: Partial<Record<"value" | "salt" | "revocations" | "revocationSalt", string | number | bigint | null>> | undefined;
}

/**
 * The epoch, for a request that asks for it now, as new as a read begun
 * after it asked, which is all the guarantee above needs. The read starts at
 * the end of the turn (setImmediate), so the requests of a turn share it;
 * once a read has begun, later requests wait for the next one.
 * - PostgreSQL: one statement (a round trip) for every request that asked
 *   before it began.
 * - SQLite: no SELECT while no other connection has committed since the
 *   last read (sqliteEpochRead), which one PRAGMA data_version a turn tells.
 *   Under load a turn answers tens of requests, each of which used to take
 *   that check itself, in its own turn.
 * An answer waits for the end of its turn (on SQLite it used to be ready
 * within it); the net effect is measured in README.md ("Benchmarks"). The
 * end of the turn is node:timers/promises' setImmediate, which vitest's fake
 * timers leave real, so a test faking the global ones does not stall it.
 */
function sharedEpochRead(): Promise<EpochRead> {
  state.nextRead ??= endOfTurn().then(() => {
    state.nextRead = undefined;
    return dbProvider() === "sqlite" ? sqliteEpochRead() : readEpoch();
  });
  return state.nextRead;
}

async function readEpoch(on?: object): Promise<EpochRead> {
  const connection = on ?? (await connectedAdapter());
  const begun = state.begun++;
  const [row] = await hotRead<EpochRead["row"] & object>(EPOCH_SQL, []);
  return { connection, begun, row };
}

/**
 * SQLite: the last epoch read begun, shared by every request that asks until
 * another connection commits (the reader's data_version moves, see
 * readerDataVersion): nothing committed since that read began, so the epoch
 * cannot have moved, and what the read finds is as new as a read of the
 * request's own. The version is taken before the read, so a commit landing
 * between the two costs the next request a read, never a stale answer.
 */
async function sqliteEpochRead(): Promise<EpochRead> {
  const connection = await connectedAdapter();
  const version = readerDataVersion(connection);
  const last = state.lastRead;
  if (version !== null && last?.connection === connection && last.version === version) return last.read;
  const read = readEpoch(connection);
  const entry = version === null ? null : { connection, version, read };
  state.lastRead = entry;
  read.catch(() => {
    if (state.lastRead === entry) state.lastRead = null;
  });
  return read;
}

async function readerAtCurrentEpoch(): Promise<Read> {
  const { connection, begun, row } = await sharedEpochRead();
  if (state.connection !== connection) {
    state.connection = connection;
    for (const epoch of Object.values(state.epochs)) forget(epoch);
  }
  const marks: Record<EpochName, string | null> = {
    credentials: adopt(state.epochs.credentials, row?.value, row?.salt, begun),
    revocations: adopt(state.epochs.revocations, row?.revocations, row?.revocationSalt, begun),
  };
  return async <T>(sql: string, args: SqlArg[]): Promise<T[]> => {
    const { number, epoch } = statementOf(sql);
    const mark = marks[epoch];
    if (mark === null) return fresh<T>(sql, args);
    const remembered = state.epochs[epoch];
    const key = `${number}\u0000${JSON.stringify(args)}`;
    const kept = remembered.rows.get(key);
    metrics().rememberedReads.inc({ result: kept ? "hit" : "miss" });
    if (kept) return kept as T[];
    // Frozen, and the very array kept (when read under the cache's epoch): what is made of it is made once (madeOncePerRead).
    const rows = Object.freeze((await hotRead<T>(sql, args)).map((r) => Object.freeze(r as object))) as readonly T[];
    if (remembered.mark === mark && state.connection === connection) remembered.rows.set(key, rows as readonly object[]);
    return rows as T[];
  };
}

function forget(epoch: Generation) {
  epoch.sum = epoch.mark = null;
  epoch.rows.clear();
}

/**
 * The mark a reader's statements of one epoch are remembered under, by the
 * rules of rememberedReads, or null when they are read afresh (also when the
 * epoch's rows are missing: nothing is then known to stand still).
 */
function adopt(epoch: Generation, value: string | number | bigint | null | undefined, salt: string | number | bigint | null | undefined, begun: number): string | null {
  if (value === null || value === undefined) return null;
  const sum = BigInt(value);
  const mark = `${sum}:${salt}`;
  if (mark !== epoch.mark) {
    if (epoch.sum !== null && sum <= epoch.sum && begun < epoch.adoptedAfter) return null;
    epoch.rows.clear();
    epoch.sum = sum;
    epoch.mark = mark;
    epoch.adoptedAfter = state.begun;
  }
  return mark;
}

/**
 * PostgreSQL: fold the epoch rows of connections that have gone into their
 * epoch's base row (0 for the credential epoch's, -1 for the revocation
 * epoch's, made again if missing), in one statement, so every sum (the
 * epochs) stays as it was and the table stays as small as the set of live
 * connections. Run by maintenance. A row whose pid a new connection has
 * taken is live again and stays.
 */
export async function foldCredentialEpoch(): Promise<number> {
  if (dbProvider() !== "postgresql") return 0;
  const [row] = await db().$queryRawUnsafe<{ folded: bigint | number }[]>(`
    WITH gone AS (
      DELETE FROM "CredentialEpoch" WHERE "id" NOT IN (0, -1) AND abs("id") NOT IN (SELECT "pid" FROM pg_stat_activity WHERE "pid" IS NOT NULL)
      RETURNING "id", "value", "salt"
    )
    INSERT INTO "CredentialEpoch" ("id", "value", "salt")
    SELECT base."id", COALESCE(sum(gone."value"), 0), COALESCE(sum(gone."salt"), 0)
      FROM (VALUES (0), (-1)) AS base("id") LEFT JOIN gone ON (CASE WHEN gone."id" > 0 THEN 0 ELSE -1 END) = base."id"
     GROUP BY base."id"
    ON CONFLICT ("id") DO UPDATE SET "value" = "CredentialEpoch"."value" + excluded."value", "salt" = "CredentialEpoch"."salt" + excluded."salt"
    RETURNING (SELECT count(*) FROM gone) AS "folded"`);
  return Number(row?.folded ?? 0);
}

/**
 * What a reader makes of a read's rows (a client record, an API key), made
 * once per rows read: remembered rows are the same frozen array for every
 * request until their epoch moves, so what is made of them can be
 * shared too, and a caller calling again costs no new record. Rows read
 * afresh are a new array, so they are made anew. The result is frozen at
 * every depth (dates excepted: nothing here changes them), since requests
 * share it; anything that depends on the time of a request is left to the
 * caller.
 */
export function madeOncePerRead<R, T extends object | null>(make: (rows: readonly R[]) => T): (rows: readonly R[]) => T {
  const made = new WeakMap<readonly R[], T>();
  return (rows) => {
    if (made.has(rows)) return made.get(rows)!;
    const value = deepFrozen(make(rows));
    made.set(rows, value);
    return value;
  };
}

function deepFrozen<T>(value: T): T {
  if (value && typeof value === "object" && !(value instanceof Date) && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFrozen(v);
    Object.freeze(value);
  }
  return value;
}
