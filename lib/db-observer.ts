import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

export interface StatementHooks {
  /** Before every statement (reads, writes, and BEGIN; Prisma sends COMMIT as a statement of the transaction). */
  sent(): void;
  /** When a statement, or starting a transaction, fails. */
  failed(error: unknown): void;
}

/**
 * A proxy over the driver adapter, so it sees what Prisma really sends, on
 * either database: every statement (for tessera_db_statements_total, which
 * the benchmark divides by requests to report queries per request) and
 * every failure (so the server can tell "the database is away" from a bug,
 * see db-availability).
 */
export function observeStatements(factory: SqlDriverAdapterFactory, hooks: StatementHooks): SqlDriverAdapterFactory {
  const watch = <T>(run: () => Promise<T>): Promise<T> => {
    hooks.sent();
    return run().catch((e: unknown) => {
      hooks.failed(e);
      throw e;
    });
  };
  const wrapTx = (tx: Transaction): Transaction =>
    new Proxy(tx, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property === "queryRaw" || property === "executeRaw") {
          return (query: SqlQuery) => watch(() => (value as (q: SqlQuery) => Promise<unknown>).call(target, query));
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(factory, {
    get(target, property) {
      if (property !== "connect") return Reflect.get(target, property, target);
      return async () => {
        const adapter: SqlDriverAdapter = await target.connect();
        return new Proxy(adapter, {
          get(inner, prop) {
            const value: unknown = Reflect.get(inner, prop, inner);
            if (prop === "queryRaw" || prop === "executeRaw") {
              return (query: SqlQuery) => watch(() => (value as (q: SqlQuery) => Promise<unknown>).call(inner, query));
            }
            if (prop === "startTransaction") {
              return async (...args: unknown[]) => wrapTx(await watch(() => (value as (...a: unknown[]) => Promise<Transaction>).apply(inner, args)));
            }
            return typeof value === "function" ? value.bind(inner) : value;
          },
        });
      };
    },
  });
}
