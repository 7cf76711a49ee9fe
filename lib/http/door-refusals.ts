import type { IncomingMessage, ServerResponse } from "node:http";
import { doorAnswer, isApiPath } from "./door-answer";
import { MAX_BODY_BYTES } from "./plain-http";

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
 * - A management API request whose declared body is over 64 KiB. 413.
 */
export function refuseAtTheDoor(req: IncomingMessage, res: ServerResponse): boolean {
  const refusal = /^(TRACE|TRACK|CONNECT)$/i.test(req.method ?? "")
    ? doorAnswer(req, 405, "method_not_allowed", "Method not allowed.", { Allow: "GET, HEAD, POST" })
    : !decodes((req.url ?? "/").split("?")[0]!)
      ? doorAnswer(req, 400, "bad_request", "The request path is not valid percent-encoded UTF-8.")
      : isApiPath(req.url) && Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES
        ? // The API reads no more than this anyway; refused here, the body never travels on to the
          // console process, which might answer before reading it and close the hop under us.
          doorAnswer(req, 413, "bad_request", `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`, { Connection: "close" })
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
