import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { metrics } from "./metrics";

/**
 * Tessera's view of Prisma's driver adapter: a proxy that counts every
 * statement sent to the database (reads, writes, and BEGIN; Prisma sends
 * COMMIT as a statement of the transaction) for tessera_db_statements_total,
 * which the benchmark divides by requests to report queries per request, and
 * that hands the connected adapter to `onConnect` (see hotRead in db.ts).
 */
export function instrumentAdapter(factory: SqlDriverAdapterFactory, onConnect: (adapter: SqlDriverAdapter) => void): SqlDriverAdapterFactory {
  const counter = metrics().databaseStatements;
  const wrapTx = (tx: Transaction): Transaction =>
    new Proxy(tx, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property === "queryRaw" || property === "executeRaw") {
          return (query: SqlQuery) => {
            counter.inc();
            return (value as (q: SqlQuery) => Promise<unknown>).call(target, query);
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(factory, {
    get(target, property) {
      if (property !== "connect") return Reflect.get(target, property, target);
      return async () => {
        const adapter: SqlDriverAdapter = await target.connect();
        const counted = new Proxy(adapter, {
          get(inner, prop) {
            const value: unknown = Reflect.get(inner, prop, inner);
            if (prop === "queryRaw" || prop === "executeRaw") {
              return (query: SqlQuery) => {
                counter.inc();
                return (value as (q: SqlQuery) => Promise<unknown>).call(inner, query);
              };
            }
            if (prop === "startTransaction") {
              return async (...args: unknown[]) => {
                counter.inc();
                return wrapTx(await (value as (...a: unknown[]) => Promise<Transaction>).apply(inner, args));
              };
            }
            return typeof value === "function" ? value.bind(inner) : value;
          },
        });
        onConnect(counted);
        return counted;
      };
    },
  });
}
