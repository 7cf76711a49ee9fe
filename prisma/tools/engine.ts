// Prisma's schema engine compiled to WebAssembly, driven through the same
// driver adapters the app uses. The Prisma CLI would download a native engine
// instead, which these machines cannot reach (see shared/ENVIRONMENT.md).
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { SCHEMA_PATH, schemaText, type Provider } from "./schemas.js";
import { sqlitePath } from "../../lib/sqlite-path";

export type { SchemaEngine };

export interface OpenEngine {
  engine: SchemaEngine;
  provider: Provider;
  close(): Promise<void>;
}

export interface OpenEngineOptions {
  /**
   * Schema files the engine starts with, as [path, text] pairs; by default
   * the provider's variant of schema.prisma. The engine panics on an empty
   * list, and takes the connector (sqlite/postgresql) from these files.
   */
  datamodels?: [string, string][];
  /** Receives the engine's JSON log lines; dropped by default. */
  log?: (line: string) => void;
}

let loaded: Promise<void> | undefined;

// The package's entry point imports the .wasm file as an ES module, which
// Node 20 cannot do without a flag, so the module is instantiated by hand the
// way that entry point would. The bindings keep the instance in module state,
// so this happens once per process and every engine shares it.
function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    // A Rust panic inside the engine hands its message to this global, then
    // the module traps with a bare "unreachable" (often in a callback that no
    // caller can catch). Without the global the message is lost behind a
    // TypeError, so it is printed: a panic is a bug worth seeing.
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
      set_message(message: string) {
        process.stderr.write(`schema engine panic: ${message}\n`);
      },
    };
    const require = createRequire(import.meta.url);
    const glue = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = readFileSync(path.join(path.dirname(glue), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": withTrackedTimers(bindings as unknown as WebAssembly.ModuleImports),
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return loaded;
}

// The engine arms a timer for every timeout it races against (on PostgreSQL
// the 10 s wait for its advisory lock) and never clears one: the bindings
// import setTimeout but not clearTimeout. Each would hold the process up to
// its full length after the work is done, e.g. a test run 8 s past its end.
// So the engine's timers are recorded, and cleared once no engine is open,
// when nothing can be waiting on them.
const engineTimers = new Set<ReturnType<typeof setTimeout>>();
let openEngines = 0;

function withTrackedTimers(imports: WebAssembly.ModuleImports): WebAssembly.ModuleImports {
  const tracked: WebAssembly.ModuleImports = { ...imports };
  for (const name of Object.keys(imports).filter((key) => key.startsWith("__wbg_setTimeout_"))) {
    tracked[name] = (callback: () => void, ms: number) => {
      const timer = setTimeout(() => {
        engineTimers.delete(timer);
        callback();
      }, ms >>> 0);
      engineTimers.add(timer);
      return timer;
    };
  }
  return tracked;
}

function engineClosed(): void {
  openEngines -= 1;
  if (openEngines > 0) return;
  for (const timer of engineTimers) clearTimeout(timer);
  engineTimers.clear();
}

function adapterFactory(provider: Provider, url: string): SqlMigrationAwareDriverAdapterFactory {
  if (provider === "sqlite") {
    const file = sqlitePath(url);
    if (file === ":memory:") return new PrismaBetterSqlite3({ url: file });
    // better-sqlite3 creates the file but not its directory (data/ is not
    // committed), and a fresh clone should migrate without a manual mkdir.
    if (!existsSync(path.dirname(file))) mkdirSync(path.dirname(file), { recursive: true });
    return new PrismaBetterSqlite3({ url: `file:${file}` });
  }
  return wholeScripts(new PrismaPg({ connectionString: url, Client: CharAsTextClient }));
}

// @prisma/adapter-pg runs a script by splitting it at every ";", which breaks
// valid migrations (a semicolon in a comment or a string literal fails with a
// syntax error) and applies the statements one by one. The native engine
// sends the script whole, as one simple-protocol query, which PostgreSQL runs
// as a single implicit transaction: a failed migration leaves nothing behind.
// executeRaw without parameters does the same, as node-postgres only uses the
// extended protocol (one statement per query) when there are parameters.
function wholeScripts(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  const patch = async (connecting: Promise<SqlDriverAdapter>) => {
    const adapter = await connecting;
    adapter.executeScript = async (script) => {
      await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => patch(factory.connect()),
    connectToShadowDb: () => patch(factory.connectToShadowDb()),
  };
}

// PostgreSQL's internal one-byte type "char" (OID 18; pg_constraint.contype,
// pg_class.relkind, ...) is absent from @prisma/adapter-pg's type map, so
// every catalog query the engine runs to describe a live database failed with
// "Column type 'char' could not be deserialized". node-postgres already
// returns such values as one-character strings; this client only reports the
// column as text so the adapter accepts it. It goes through pg-pool's
// documented `Client` option, which also covers transactions and the shadow
// databases the adapter creates; the app's own clients are left as they are.
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

function charAsText<R>(result: R): R {
  for (const one of Array.isArray(result) ? result : [result]) {
    for (const field of (one as pg.QueryResult | undefined)?.fields ?? []) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
  }
  return result;
}

class CharAsTextClient extends pg.Client {
  // pg's query() has many overloads; the adapter and pg-pool use
  // query(config) -> Promise and query(config, values, callback).
  override query(...args: unknown[]): never {
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last] as (error: Error | null, result: unknown) => void;
      args[last] = (error: Error | null, result: unknown) => callback(error, error ? result : charAsText(result));
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const returned = (super.query as (...a: unknown[]) => unknown)(...args);
    return (returned instanceof Promise ? returned.then(charAsText) : returned) as never;
  }
}

// The engine opens connections through the factory and never hands them back,
// and freeing the engine does not dispose them: an open pg pool would keep the
// process alive. So every adapter the factory makes is recorded for close().
function tracking(factory: SqlMigrationAwareDriverAdapterFactory, opened: SqlDriverAdapter[]) {
  const track = async (connect: () => Promise<SqlDriverAdapter>) => {
    const adapter = await connect();
    opened.push(adapter);
    return adapter;
  };
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => track(() => factory.connect()),
    connectToShadowDb: () => track(() => factory.connectToShadowDb()),
  };
  return tracked;
}

export async function openEngine(
  provider: Provider,
  url: string,
  options: OpenEngineOptions = {},
): Promise<OpenEngine> {
  return openWithFactory(provider, adapterFactory(provider, url), options);
}

/**
 * An engine for diffs between schema texts, which touch no database. The
 * PostgreSQL connector still probes its connection when it starts (one
 * query: schema exists? server version?), so it gets an adapter that answers
 * that probe and refuses everything else; SQLite gets an in-memory database.
 * Creating a migration thus needs no running server.
 */
export async function openOfflineEngine(provider: Provider, options: OpenEngineOptions = {}): Promise<OpenEngine> {
  const factory = provider === "sqlite" ? adapterFactory(provider, "file::memory:") : offlinePostgres();
  return openWithFactory(provider, factory, options);
}

async function openWithFactory(
  provider: Provider,
  factory: SqlMigrationAwareDriverAdapterFactory,
  options: OpenEngineOptions,
): Promise<OpenEngine> {
  await loadWasm();
  const opened: SqlDriverAdapter[] = [];
  const disposeAll = async () => {
    const results = await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) throw failure.reason;
  };
  const datamodels = options.datamodels ?? [[SCHEMA_PATH, schemaText(provider)]];
  if (datamodels.length === 0) throw new Error("openEngine: datamodels must not be empty");
  // Without the binding the engine calls the adapter's methods detached from
  // their object and they fail on private fields.
  const bound = bindMigrationAwareSqlAdapterFactory(tracking(factory, opened));
  let engine: SchemaEngine;
  openEngines += 1;
  try {
    engine = await bindings.SchemaEngine.new({ datamodels }, options.log ?? (() => {}), bound);
  } catch (error) {
    engineClosed();
    await disposeAll().catch(() => {});
    throw error;
  }
  let closed = false;
  return {
    engine,
    provider,
    async close() {
      if (closed) return;
      closed = true;
      engine.free();
      engineClosed();
      await disposeAll();
    },
  };
}

function offlinePostgres(): SqlMigrationAwareDriverAdapterFactory {
  // Shaped as a database error so that the engine passes the message on
  // instead of an opaque "External error id#0".
  const refuse = (what: string) =>
    Promise.reject(
      new DriverAdapterError({
        kind: "postgres",
        code: "XX000",
        severity: "ERROR",
        message: `the offline schema engine has no database (asked to ${what})`,
        detail: undefined,
        column: undefined,
        hint: undefined,
      }),
    );
  const adapter: SqlDriverAdapter = {
    provider: "postgres",
    adapterName: "tessera-offline",
    async queryRaw(query) {
      if (!/^\s*SELECT EXISTS\(SELECT 1 FROM pg_namespace\b/.test(query.sql)) {
        return refuse(`query ${query.sql.trim().split("\n")[0]}`);
      }
      return {
        columnNames: ["exists", "version", "numeric_version"],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, "PostgreSQL 15.0 (offline)", 150000]],
      };
    },
    executeRaw: () => refuse("execute SQL"),
    executeScript: () => refuse("run a script"),
    startTransaction: () => refuse("start a transaction"),
    dispose: async () => {},
  };
  return {
    provider: "postgres",
    adapterName: "tessera-offline",
    connect: async () => adapter,
    connectToShadowDb: async () => adapter,
  };
}

/** Opens an engine, runs `fn` with it, and closes it whatever happens. */
export async function withEngine<T>(
  provider: Provider,
  url: string,
  fn: (engine: SchemaEngine) => Promise<T>,
  options?: OpenEngineOptions,
): Promise<T> {
  const opened = await openEngine(provider, url, options);
  try {
    return await fn(opened.engine);
  } finally {
    await opened.close();
  }
}

/**
 * One line for a CLI. Engine errors span several lines and end in a trace of
 * the engine's Rust call stack ("   0: sql_schema_connector::..."), which
 * says nothing to the person running the command.
 */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const withoutTrace = message.split(/\n\s*0: \w+::/)[0] ?? message;
  return withoutTrace.replace(/\s+/g, " ").trim();
}
