/**
 * Bounds of the fault cases. They are correctness bounds, not performance
 * targets: a client must get an answer while the database is away, and
 * service must come back by itself.
 *
 * The cases run with shorter database timeouts than the defaults (5 s to
 * connect, 10 s per statement; README "Configuration") so that a run stays
 * short; the mechanism is the same. A request waits at most for its own
 * statement, the audit batch in flight (a statement and its rollback) and
 * connections for both: 2 x connect + 3 x statement = 14 s here.
 */
export const DB_TIMEOUTS = { TESSERA_DB_CONNECT_TIMEOUT_MS: "2000", TESSERA_DB_QUERY_TIMEOUT_MS: "4000" };

/** Every request is answered within this (a console page may wait on two statements in turn). */
export const FAULT_BOUND_MS = 20_000;

/** Once the database is back, every path serves again within this. */
export const RECOVERY_BOUND_MS = 30_000;
