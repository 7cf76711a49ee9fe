import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { noteDatabaseFailure } from "./db-availability";
import { metrics } from "./metrics";
import { DIRECT, isBusy, type DirectStatements } from "./sqlite-adapter";

/**
 * Tessera's view of Prisma's driver adapter: a proxy that sees what Prisma
 * (and lib/db-hot.ts, also through SQLite's direct statements) really sends, on either database. It counts every
 * statement (reads, writes, and BEGIN; Prisma sends COMMIT as a statement of
 * the transaction) for tessera_db_statements_total, which the benchmark
 * divides by requests to report queries per request; notes every failure,
 * so the server can tell "the database is away" from a bug (see
 * db-availability); and hands the connected adapter to `onConnect` (see
 * lib/db-hot.ts).
 */
export function instrumentAdapter(factory: SqlDriverAdapterFactory, onConnect: (adapter: SqlDriverAdapter) => void): SqlDriverAdapterFactory {
  const counter = metrics().databaseStatements;
  const watch = <T>(run: () => Promise<T>): Promise<T> => {
    counter.inc();
    return run().catch((e: unknown) => {
      noteDatabaseFailure(e);
      throw e;
    });
  };
  const watchNow = <T>(run: () => T): T => {
    counter.inc();
    try {
      return run();
    } catch (e) {
      // A direct statement that found the database locked is sent again through the adapter
      // (db-hot), which notes the failure only if waiting did not help.
      if (!isBusy(e)) noteDatabaseFailure(e);
      throw e;
    }
  };
  const directs = new WeakMap<DirectStatements, DirectStatements>();
  const watchingDirect = (direct: DirectStatements): DirectStatements => {
    let watched = directs.get(direct);
    if (!watched) {
      watched = {
        all: (sql, args) => watchNow(() => direct.all(sql, args)),
        run: (sql, args) => watchNow(() => direct.run(sql, args)),
        dataVersion: () => watchNow(() => direct.dataVersion()),
      };
      directs.set(direct, watched);
    }
    return watched;
  };
  /** `target` with its statements watched; `wrap` may replace other members (startTransaction). */
  const watching = <T extends object>(target: T, wrap: (property: string | symbol, value: unknown) => unknown = () => undefined): T =>
    new Proxy(target, {
      get(inner, property) {
        const value: unknown = Reflect.get(inner, property, inner);
        if (property === DIRECT) return value && watchingDirect(value as DirectStatements);
        if (property === "queryRaw" || property === "executeRaw") {
          return (query: SqlQuery) => watch(() => (value as (q: SqlQuery) => Promise<unknown>).call(inner, query));
        }
        const wrapped = wrap(property, value);
        if (wrapped !== undefined) return wrapped;
        return typeof value === "function" ? value.bind(inner) : value;
      },
    });
  return new Proxy(factory, {
    get(target, property) {
      if (property !== "connect") return Reflect.get(target, property, target);
      return async () => {
        const adapter: SqlDriverAdapter = await target.connect();
        const watched = watching(adapter, (prop, value) =>
          prop === "startTransaction"
            ? async (...args: unknown[]) => watching(await watch(() => (value as (...a: unknown[]) => Promise<Transaction>).apply(adapter, args))) // BEGIN
            : undefined,
        );
        onConnect(watched);
        return watched;
      };
    },
  });
}
