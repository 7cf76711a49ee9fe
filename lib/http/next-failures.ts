import type { IncomingMessage, ServerResponse } from "node:http";
import { databaseUnavailableSince } from "../db-availability";

/** Seconds a client should wait before retrying while the database is away. */
const RETRY_AFTER_SECONDS = 2;

/**
 * Next.js answers 500 to anything that throws while it handles a request.
 * Two of those are not Tessera's failures, and the server says so:
 *
 * - The database was away while the request ran (a statement failed with an
 *   error db-availability recognises): 503 with Retry-After, as the OAuth
 *   endpoints answer, so a balancer or client retries instead of reporting
 *   a bug.
 * - A Server Action request Next.js could not take: a foreign Origin (its
 *   CSRF check), a body React cannot decode, arguments of the wrong shape.
 *   Our actions never throw for their own failures (runAction and the
 *   sign-in actions turn them into form state), so a 500 there comes from
 *   the request itself: 400.
 *
 * Anything else stays a 500. Next.js still logs the error it caught; only
 * the answer changes, and it carries no framework output.
 *
 * It must run in the process that runs Next.js (the console process in
 * production, scripts/console-worker.ts; Tessera's server in development):
 * "the database was away" is what that process's own statements saw.
 */
export function answerNextFailuresHonestly(req: IncomingMessage, res: ServerResponse, startedAt: number): void {
  const isServerAction = req.method === "POST" && (req.headers["next-action"] !== undefined || /^multipart\/form-data/i.test(req.headers["content-type"] ?? ""));
  const writeHead = res.writeHead;
  const end = res.end;
  // Node calls writeHead for implicit heads too (res.write/res.end without one), so this sees every answer.
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    const replacement = status === 500 ? replacementFor(isServerAction, startedAt) : null;
    if (!replacement) return (writeHead as (...a: unknown[]) => ServerResponse).call(this, status, ...rest);
    for (const name of this.getHeaderNames()) if (!KEEP.test(name)) this.removeHeader(name);
    const body = Buffer.from(replacement.body);
    writeHead.call(this, replacement.status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": body.length, "Cache-Control": "no-store", ...replacement.headers });
    (end as (chunk?: Buffer) => ServerResponse).call(this, req.method === "HEAD" ? undefined : body);
    // Next.js goes on writing its error page into a response that is already complete.
    this.write = () => true;
    this.end = function (this: ServerResponse) {
      return this;
    };
    return this;
  } as ServerResponse["writeHead"];
}

/** Next.js's request handler with its failures answered honestly (above). */
export function withHonestFailures(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  return (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    answerNextFailuresHonestly(req, res, Date.now());
    return handle(req, res);
  };
}

/**
 * Methods the Fetch standard forbids: Next.js's proxy builds a Request from
 * every request, which throws on them, so Next.js would answer 500 on any
 * page. Refused here with 405 (TRACE is also a cross-site tracing vector).
 * Returns whether the request was answered.
 */
export function refuseUnsupportedMethod(req: IncomingMessage, res: ServerResponse): boolean {
  if (!/^(TRACE|TRACK|CONNECT)$/i.test(req.method ?? "")) return false;
  // The management API answers every error in its envelope (PRODUCT.md), this one too.
  const api = /^\/api\/v1(\/|\?|$)/.test(req.url ?? "");
  const requestId = String(req.headers["x-request-id"] ?? "");
  const body = api ? JSON.stringify({ error: { code: "method_not_allowed", message: "Method not allowed", details: { requestId } } }) : "Method not allowed.\n";
  res.writeHead(405, { Allow: "GET, HEAD, POST", "Content-Type": api ? "application/json" : "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store" });
  res.end(body);
  return true;
}

/** Headers of ours that stay on a replaced answer: request id, security headers. */
const KEEP = /^(x-request-id|content-security-policy|strict-transport-security|x-content-type-options|x-frame-options|referrer-policy|permissions-policy|cross-origin-opener-policy)$/i;

function replacementFor(isServerAction: boolean, startedAt: number) {
  if (databaseUnavailableSince(startedAt)) {
    return { status: 503, body: "Tessera is temporarily unavailable; retry shortly.\n", headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } };
  }
  if (isServerAction) return { status: 400, body: "This request could not be processed.\n", headers: {} };
  return null;
}
