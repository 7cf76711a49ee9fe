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
  /** `target` with its statements counted; `wrap` may replace other members (startTransaction). */
  const counting = <T extends object>(target: T, wrap: (property: string | symbol, value: unknown) => unknown = () => undefined): T =>
    new Proxy(target, {
      get(inner, property) {
        const value: unknown = Reflect.get(inner, property, inner);
        if (property === "queryRaw" || property === "executeRaw") {
          return (query: SqlQuery) => {
            counter.inc();
            return (value as (q: SqlQuery) => Promise<unknown>).call(inner, query);
          };
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
        const counted = counting(adapter, (prop, value) =>
          prop === "startTransaction"
            ? async (...args: unknown[]) => {
                counter.inc(); // BEGIN
                return counting(await (value as (...a: unknown[]) => Promise<Transaction>).apply(adapter, args));
              }
            : undefined,
        );
        onConnect(counted);
        return counted;
      };
    },
  });
}
