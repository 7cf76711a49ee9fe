import type { IncomingMessage, ServerResponse } from "node:http";
import { doorAnswer } from "./door-answer";

/**
 * Requests Next.js cannot take and would answer 500, refused at the door
 * (Tessera's server, before the console process) with what they are.
 * Returns whether the request was answered.
 *
 * - Methods the Fetch standard forbids (TRACE, TRACK, CONNECT): Next.js's
 *   proxy builds a Request from every request, which throws on them. 405
 *   (TRACE is also a cross-site tracing vector).
 * - A path whose percent-encoding does not decode (`/%ZZ`, a cut UTF-8
 *   sequence): Next.js fails decoding a dynamic segment of it. 400.
 */
export function refuseAtTheDoor(req: IncomingMessage, res: ServerResponse): boolean {
  const refusal = /^(TRACE|TRACK|CONNECT)$/i.test(req.method ?? "")
    ? doorAnswer(req, 405, "method_not_allowed", "Method not allowed.", { Allow: "GET, HEAD, POST" })
    : !decodes((req.url ?? "/").split("?")[0]!)
      ? doorAnswer(req, 400, "bad_request", "The request path is not valid percent-encoded UTF-8.")
      : null;
  if (!refusal) return false;
  res.writeHead(refusal.status, refusal.headers);
  res.end(req.method === "HEAD" ? undefined : refusal.body);
  return true;
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
