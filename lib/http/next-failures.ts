import type { IncomingMessage, ServerResponse } from "node:http";
import { databaseUnavailableSince } from "../db-availability";
import { doorAnswer, isApiPath } from "./door-answer";

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
 * Under /api/v1 every error is in the API's envelope, also those Next.js
 * writes itself (405 without a body for a method a route does not have, 400
 * for a method it does not know, its plain 500): Tessera's handlers always
 * answer JSON there, so an error in anything else is Next.js's.
 *
 * It must run in the process that runs Next.js (the console process in
 * production, scripts/console-worker.ts; Tessera's server in development):
 * "the database was away" is what that process's own statements saw.
 */
export function answerNextFailuresHonestly(req: IncomingMessage, res: ServerResponse, startedAt: number): void {
  const isServerAction = req.method === "POST" && (req.headers["next-action"] !== undefined || /^multipart\/form-data/i.test(req.headers["content-type"] ?? ""));
  const { writeHead, write, end } = res;
  let replacement: ReturnType<typeof replacementFor> = null;
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    const json = /json/i.test(String(this.getHeader("content-type") ?? ""));
    replacement = replacementFor(req, status, isServerAction && status === 500, startedAt, json);
    if (!replacement) return (writeHead as (...a: unknown[]) => ServerResponse).call(this, status, ...rest);
    for (const name of this.getHeaderNames()) if (!KEEP.test(name)) this.removeHeader(name);
    return writeHead.call(this, replacement.status, replacement.headers);
  } as ServerResponse["writeHead"];
  // The head is decided before the first byte (Node would call writeHead from inside
  // write or end otherwise); once replaced, what Next.js writes is dropped and the
  // replacement's body goes out at the end.
  const headFirst = (r: ServerResponse) => {
    if (!r.headersSent) r.writeHead(r.statusCode);
  };
  const callbackOf = (args: unknown[]) => args.find((a): a is () => void => typeof a === "function");
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    headFirst(this);
    if (!replacement) return (write as (...a: unknown[]) => boolean).apply(this, args);
    const done = callbackOf(args);
    if (done) process.nextTick(done);
    return true;
  } as ServerResponse["write"];
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    headFirst(this);
    if (!replacement) return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
    return (end as (...a: unknown[]) => ServerResponse).call(this, req.method === "HEAD" ? undefined : replacement.body, callbackOf(args));
  } as ServerResponse["end"];
}

/** Next.js's request handler with its failures answered honestly (above). */
export function withHonestFailures(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  return (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    answerNextFailuresHonestly(req, res, Date.now());
    return handle(req, res);
  };
}

/** Headers of ours that stay on a replaced answer: request id, security headers. */
const KEEP = /^(x-request-id|content-security-policy|strict-transport-security|x-content-type-options|x-frame-options|referrer-policy|permissions-policy|cross-origin-opener-policy)$/i;

const API_CODES: Record<number, string> = { 400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "bad_request" };

function replacementFor(req: IncomingMessage, status: number, failedAction: boolean, startedAt: number, json: boolean) {
  if (status === 500 && databaseUnavailableSince(startedAt)) {
    return doorAnswer(req, 503, "unavailable", "Tessera is temporarily unavailable; retry shortly.", { "Retry-After": String(RETRY_AFTER_SECONDS) });
  }
  if (failedAction) return doorAnswer(req, 400, "bad_request", "This request could not be processed.");
  if (status >= 400 && !json && isApiPath(req.url)) {
    const code = API_CODES[status] ?? (status >= 500 ? "internal" : "bad_request");
    return doorAnswer(req, status, code, status === 405 ? "This endpoint does not take that method; see /api/v1/openapi.json." : "The request could not be processed.");
  }
  return null;
}
