import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The smallest request and response the OAuth handlers need, so one handler
 * serves two doors: Tessera's own server (node:http, before Next.js routes
 * the request) and the App Router route handlers (web Request/Response, for
 * hosts that run `next start`). Neither door has its own copy of the protocol.
 */
export interface PlainRequest {
  method: string;
  /** A header by lower-case name; repeated headers joined with ", ". */
  header(name: string): string | undefined;
  /** The body as text, read at most once, refused past the cap with BodyTooLarge. */
  text(): Promise<string>;
}

export interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

/** Bodies larger than this are refused before they are read whole (413). */
export const MAX_BODY_BYTES = 64 * 1024;

export class BodyTooLarge extends Error {
  constructor() {
    super("request body too large");
  }
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): PlainResponse {
  return { status, headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) };
}

function declaredTooLarge(contentLength: string | undefined, limit: number): boolean {
  const n = Number(contentLength);
  return contentLength !== undefined && Number.isFinite(n) && n > limit;
}

/** A PlainRequest over a web Request (route handlers). */
export function fromWebRequest(request: Request, limit = MAX_BODY_BYTES): PlainRequest {
  return {
    method: request.method,
    header: (name) => request.headers.get(name) ?? undefined,
    text: async () => {
      if (declaredTooLarge(request.headers.get("content-length") ?? undefined, limit)) throw new BodyTooLarge();
      if (!request.body) return "";
      const reader = request.body.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limit) {
          await reader.cancel().catch(() => undefined);
          throw new BodyTooLarge();
        }
        chunks.push(value);
      }
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}

export function toWebResponse(res: PlainResponse): Response {
  return new Response(res.body, { status: res.status, headers: res.headers });
}

/**
 * A PlainRequest over node:http. A body past the cap stops being read at
 * once; the caller then answers and closes the connection, so the rest is
 * never taken in.
 */
export function fromNodeRequest(req: IncomingMessage, limit = MAX_BODY_BYTES): PlainRequest {
  return {
    method: req.method ?? "GET",
    header: (name) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(", ") : v;
    },
    text: () =>
      new Promise<string>((resolve, reject) => {
        if (declaredTooLarge(req.headers["content-length"], limit)) return reject(new BodyTooLarge());
        const chunks: Buffer[] = [];
        let size = 0;
        const onData = (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) {
            req.off("data", onData);
            req.pause();
            reject(new BodyTooLarge());
            return;
          }
          chunks.push(chunk);
        };
        req.on("data", onData);
        req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.once("error", reject);
      }),
  };
}

/** How long a connection refused mid-body stays open for the client to read the answer. */
const LINGER_MS = 1_000;

/**
 * Write a PlainResponse, with the headers `beneath` its own (unless it sets
 * them) and those `over` them (whatever it sets). `Connection: close` (e.g. after refusing an unread
 * oversized body) ends the connection once the answer is out, so the rest of
 * that body is never taken in: the write side closes at once, and the socket
 * a moment later, giving the client time to read the answer before the
 * unread data makes the kernel reset the connection.
 */
export function writeNodeResponse(res: ServerResponse, plain: PlainResponse, beneath: Readonly<Record<string, string>> = {}, over: Readonly<Record<string, string>> = {}) {
  // All headers go to writeHead at once, as one flat list: none set before, so Node takes them
  // without merging them one by one.
  const headers: (string | number)[] = [];
  for (const name in beneath) if (!Object.hasOwn(plain.headers, name) && !Object.hasOwn(over, name)) headers.push(name, beneath[name]!);
  for (const name in plain.headers) if (!Object.hasOwn(over, name)) headers.push(name, plain.headers[name]!);
  for (const name in over) headers.push(name, over[name]!);
  if (plain.body !== null) headers.push("Content-Length", Buffer.byteLength(plain.body));
  res.writeHead(plain.status, headers);
  res.end(plain.body ?? undefined);
  if (plain.headers.Connection === "close") {
    res.once("finish", () => {
      const socket = res.socket;
      socket?.end();
      setTimeout(() => socket?.destroy(), LINGER_MS).unref();
    });
  }
}
