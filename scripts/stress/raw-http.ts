import { connect } from "node:net";

/**
 * HTTP/1.1 over a bare socket, so a fuzz case can send what fetch refuses
 * to: malformed or duplicated header lines, wrong Content-Length, raw bytes
 * in the head, broken chunking. One request per connection (`Connection:
 * close` unless the case sets its own).
 */
export interface RawRequest {
  method: string;
  path: string;
  /** Header lines as sent, in order; a line without ": " is sent verbatim (malformed on purpose). */
  headers: string[];
  body: Buffer;
  /** Content-Length is added from the body unless the headers already carry Content-Length or Transfer-Encoding. */
  autoLength?: boolean;
  /** Close our write side after sending (a client that gives up mid-body). */
  halfClose?: boolean;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type RawOutcome = { response: RawResponse } | { noAnswer: string };

export function serialize(port: number, req: RawRequest): Buffer {
  const lines = [`${req.method} ${req.path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...req.headers];
  const has = (name: string) => req.headers.some((h) => h.toLowerCase().startsWith(`${name}:`));
  if (!has("connection")) lines.push("Connection: close");
  if (req.autoLength !== false && !has("content-length") && !has("transfer-encoding")) lines.push(`Content-Length: ${req.body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), req.body]);
}

export function sendRaw(port: number, req: RawRequest, timeoutMs = 30_000): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect(port, "127.0.0.1");
    const finish = (why?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const data = Buffer.concat(chunks);
      const response = parseResponse(data);
      resolve(response ? { response } : { noAnswer: why ?? (data.length ? `unparseable answer: ${JSON.stringify(data.subarray(0, 120).toString("latin1"))}` : "connection closed without an answer") });
    };
    const timer = setTimeout(() => finish(`no answer within ${timeoutMs} ms`), timeoutMs);
    socket.on("data", (d) => chunks.push(d));
    socket.on("end", () => finish());
    socket.on("close", () => finish());
    // A write refused because the server already answered and closed (e.g. 413) is fine: read what came back.
    socket.on("error", () => setTimeout(() => finish(), 20));
    socket.write(serialize(port, req), () => {
      if (req.halfClose) socket.end();
    });
  });
}

/** The first final (non-1xx) response in `data`, or null when none is complete. */
export function parseResponse(data: Buffer): RawResponse | null {
  let rest = data;
  for (;;) {
    const end = rest.indexOf("\r\n\r\n");
    if (end < 0) return null;
    const head = rest.subarray(0, end).toString("latin1").split("\r\n");
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? "")?.[1]);
    if (!status) return null;
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const i = line.indexOf(":");
      if (i > 0) {
        const name = line.slice(0, i).trim().toLowerCase();
        headers[name] = headers[name] ? `${headers[name]}, ${line.slice(i + 1).trim()}` : line.slice(i + 1).trim();
      }
    }
    rest = rest.subarray(end + 4);
    if (status < 200) continue;
    let body: Buffer = rest;
    if (/chunked/i.test(headers["transfer-encoding"] ?? "")) body = dechunk(rest);
    else if (headers["content-length"] !== undefined) body = rest.subarray(0, Number(headers["content-length"]));
    return { status, headers, body: body.toString("utf8") };
  }
}

function dechunk(data: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const eol = data.indexOf("\r\n", at);
    if (eol < 0) break;
    const size = parseInt(data.subarray(at, eol).toString("latin1"), 16);
    if (!size) break;
    out.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}
