import { processState } from "./process-state";

/**
 * Whether an error means "the database cannot serve us right now" (down,
 * unreachable, shutting down, paused past a timeout, busy, read-only or
 * full), as opposed to a bug. Such errors answer 503 with Retry-After
 * instead of 500: the request may be retried, and nothing was half-done
 * because every write is one transaction.
 *
 * Prisma wraps what the driver adapter reported in
 * `meta.driverAdapterError.cause` (a raw query) or `cause` (a driver
 * error), and the driver's own errors (pg's timeouts) carry only a message:
 * all three are looked at.
 */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TransactionWriteConflict", "TransactionAlreadyClosed"]);
// 57P01-3 admin shutdown / crash / cannot connect now; 57014 statement timeout; 08xxx connection; 53xxx resources.
const UNAVAILABLE_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|57P0[1-3]|57014|08\d\d\d|53\d\d\d|P1001|P1002|P1008|P1017|P2024|P2028|SQLITE_(BUSY|LOCKED|READONLY|FULL|IOERR|CANTOPEN|PROTOCOL)\w*)$/;
const UNAVAILABLE_TEXT =
  /Connection terminated|is not queryable|connection timeout|timeout exceeded when trying to connect|Query read timeout|Can't reach database server|the database system is (shutting down|starting up|in recovery mode)|canceling statement due to statement timeout|Transaction already closed|Unable to start a transaction in the given time|database is locked|readonly database|database or disk is full|disk I\/O error|Timed out fetching a new connection/i;

interface DriverError {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  originalCode?: unknown;
  errorCode?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/** Whether `test` holds for the error or for what it wraps (see above), up to five levels down. */
function anyWrapped(error: unknown, test: (e: DriverError) => boolean, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as DriverError;
  return test(e) || anyWrapped(e.cause, test, depth + 1) || anyWrapped(e.meta?.driverAdapterError, test, depth + 1);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return anyWrapped(
    error,
    (e) =>
      (typeof e.kind === "string" && UNAVAILABLE_KINDS.has(e.kind)) ||
      [e.code, e.originalCode, e.errorCode].some((code) => typeof code === "string" && UNAVAILABLE_CODES.test(code)) ||
      (typeof e.message === "string" && UNAVAILABLE_TEXT.test(e.message)),
  );
}

/** A write conflict or deadlock: the database is there, and the transaction may simply be retried. */
export function isWriteConflict(error: unknown): boolean {
  return anyWrapped(error, (e) => e.kind === "TransactionWriteConflict" || e.code === "P2034" || e.originalCode === "40001" || e.originalCode === "40P01");
}

// One per process: the server's own bundle and Next.js's both see it (see process-state).
const seen = processState("db-availability", () => ({ unavailableAt: Number.NEGATIVE_INFINITY }));

/** Called for every failed statement (db-adapter): remembers when the database last failed to serve. */
export function noteDatabaseFailure(error: unknown): void {
  if (isDatabaseUnavailable(error)) seen.unavailableAt = Date.now();
}

/** Whether a statement failed because the database was away at or after `since` (ms since the epoch). */
export function databaseUnavailableSince(since: number): boolean {
  return seen.unavailableAt >= since;
}
