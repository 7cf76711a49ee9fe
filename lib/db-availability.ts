/**
 * Whether an error means "the database cannot serve us right now" (down,
 * unreachable, paused past a timeout, busy, read-only or full), as opposed to
 * a bug. Such errors answer 503 with Retry-After instead of 500: the request
 * may be retried, and nothing was half-done because every write is one
 * transaction.
 */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TransactionWriteConflict", "TransactionAlreadyClosed"]);
const UNAVAILABLE_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|57P0[1-3]|08\d\d\d|53\d\d\d|P1001|P1002|P1008|P1017|P2024|P2028|SQLITE_(BUSY|LOCKED|READONLY|FULL|IOERR|CANTOPEN|PROTOCOL)\w*)$/;
const UNAVAILABLE_TEXT = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Transaction already closed|Unable to start a transaction in the given time|database is locked|readonly database|database or disk is full|disk I\/O error|Timed out fetching a new connection/i;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown; errorCode?: unknown };
  if (typeof e.kind === "string" && UNAVAILABLE_KINDS.has(e.kind)) return true;
  for (const code of [e.code, e.originalCode, e.errorCode]) if (typeof code === "string" && UNAVAILABLE_CODES.test(code)) return true;
  if (typeof e.message === "string" && UNAVAILABLE_TEXT.test(e.message)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
