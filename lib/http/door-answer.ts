import type { IncomingMessage } from "node:http";

/** The management API's paths, whose every error is in its envelope (PRODUCT.md). */
export const isApiPath = (url: string | undefined) => /^\/api\/v1(\/|\?|$)/.test(url ?? "");

/**
 * An error Tessera's server writes itself, without a route: in the
 * management API's envelope (`{ error: { code, message, details: {
 * requestId } } }`) under /api/v1, plain text elsewhere. No framework
 * output, never cached.
 */
export function doorAnswer(req: IncomingMessage, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  const api = isApiPath(req.url);
  const requestId = String(req.headers["x-request-id"] ?? "");
  const body = Buffer.from(api ? JSON.stringify({ error: { code, message, details: { requestId } } }) : `${message}\n`);
  return {
    status,
    body,
    headers: { "Content-Type": api ? "application/json" : "text/plain; charset=utf-8", "Content-Length": String(body.length), "Cache-Control": "no-store", ...headers },
  };
}
