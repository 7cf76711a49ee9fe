import { connect, createServer as createNetServer } from "node:net";
import type { AddressInfo } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { db, dbProvider } from "../db";
import { walCheckpointerStats } from "../wal-checkpointer";
import { noteDatabaseFailure } from "../db-availability";
import { withHonestFailures } from "../http/next-failures";
import { CLIENT_IP_HEADER, PROOF_HEADER, requestContextFrom, serverProof } from "../http/request-context";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { OAUTH_ROUTES, type PlainHandler } from "../oauth/routes";
import { createTesseraServer, KEEP_ALIVE_MS, logRoute } from "./tessera-server";

/** Tessera's server with a stand-in for Next.js that echoes the headers it was handed. */
async function start(options: Parameters<typeof createTesseraServer>[1] = {}) {
  const tessera = createTesseraServer(async (req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ headers: req.headers }));
  }, options);
  await new Promise<void>((resolve) => tessera.server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(tessera.server.address() as AddressInfo).port}`;
  return { ...tessera, base, port: (tessera.server.address() as AddressInfo).port };
}

/**
 * Send a head and then a body, 64 KiB at a time as fast as the server takes
 * it in, until the server answers; `sent` is how much of the body the kernel
 * accepted by then (an upper bound on what the server read).
 */
function raw(port: number, head: string, body: Buffer): Promise<{ answer: string; sent: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    let offset = 0;
    let sentWhenAnswered = -1;
    const headBytes = Buffer.byteLength(head);
    socket.on("data", (d) => {
      if (sentWhenAnswered < 0) sentWhenAnswered = socket.bytesWritten - headBytes;
      answer += d.toString("latin1");
    });
    socket.on("error", (e: NodeJS.ErrnoException) => (e.code === "ECONNRESET" || e.code === "EPIPE" ? undefined : reject(e)));
    socket.on("close", () => resolve({ answer, sent: sentWhenAnswered < 0 ? socket.bytesWritten - headBytes : sentWhenAnswered }));
    socket.write(head);
    const pump = () => {
      while (!answer && !socket.destroyed && offset < body.length) {
        const ok = socket.write(body.subarray(offset, offset + 65_536));
        offset += 65_536;
        if (!ok) return void socket.once("drain", pump);
      }
    };
    pump();
  });
}

/** The JSON body of a raw HTTP/1.1 answer. */
const jsonBody = (answer: string): unknown => JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));

describe("Tessera's server (the first door)", () => {
  it("answers liveness itself, without handing the request to the console", async () => {
    const { base, shutdown } = await start();
    try {
      const live = await fetch(`${base}/api/health/live`);
      expect(live.status).toBe(200);
      expect(live.headers.get("cache-control")).toBe("no-store");
      expect(live.headers.get("x-request-id")).toBeTruthy();
      expect(await live.json()).toEqual({ status: "ok" });
      const head = await fetch(`${base}/api/health/live`, { method: "HEAD" });
      expect([head.status, await head.text()]).toEqual([200, ""]);
      // Other methods, and readiness, are the console's (the stand-in echoes its headers).
      expect(await (await fetch(`${base}/api/health/live`, { method: "POST" })).json()).toHaveProperty("headers");
      expect(await (await fetch(`${base}/api/health`)).json()).toHaveProperty("headers");
    } finally {
      await shutdown();
    }
  });

  it("refuses a 10 MiB body with 413 and closes the connection without reading it whole", async () => {
    const { port, shutdown } = await start();
    try {
      const size = 10 * 1024 * 1024;
      const declared = await raw(port, `POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${size}\r\n\r\n`, Buffer.alloc(size, 0x61));
      expect(declared.answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(declared.answer).toMatch(/"error":"invalid_request"/);
      expect(declared.answer).toMatch(/x-content-type-options: nosniff/i);
      expect(declared.sent).toBeLessThan(size);
      // Chunked, with no length to judge by: the stream cap stops it.
      const chunk = Buffer.from(`10000\r\n${"a".repeat(0x10000)}\r\n`);
      const chunked = await raw(port, "POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n", Buffer.concat(Array.from({ length: 160 }, () => chunk)));
      expect(chunked.answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(chunked.sent).toBeLessThan(chunk.length * 160);
    } finally {
      await shutdown();
    }
  });

  it("passes Next.js the socket's address with this process's proof, and drops client-sent internal headers", async () => {
    const { base, shutdown } = await start();
    try {
      const res = await fetch(`${base}/anything`, {
        headers: { [CLIENT_IP_HEADER]: "6.6.6.6", [PROOF_HEADER]: "forged", "x-middleware-subrequest": "middleware:middleware", "x-request-id": "bad id with spaces" },
      });
      const { headers } = (await res.json()) as { headers: Record<string, string> };
      expect(headers[CLIENT_IP_HEADER]).toBe("127.0.0.1");
      expect(headers[PROOF_HEADER]).toBe(serverProof());
      expect(headers["x-middleware-subrequest"]).toBeUndefined();
      expect(headers["x-request-id"]).not.toBe("bad id with spaces");
      expect(res.headers.get("x-request-id")).toBe(headers["x-request-id"]);
      expect((await fetch(`${base}/x`, { headers: { "x-request-id": "req-42.ok" } })).headers.get("x-request-id")).toBe("req-42.ok");
    } finally {
      await shutdown();
    }
  });

  it("believes forwarding headers (host, scheme, address) from a trusted proxy only", async () => {
    const forwarding = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-forwarded-for": "6.6.6.6", forwarded: "host=evil.example" };
    const direct = await start();
    const behind = await start({ trustedProxies: "127.0.0.1" });
    try {
      const fromClient = ((await (await fetch(`${direct.base}/x`, { headers: forwarding })).json()) as { headers: Record<string, string> }).headers;
      for (const h of Object.keys(forwarding)) expect(fromClient[h], h).toBeUndefined();
      expect(fromClient[CLIENT_IP_HEADER]).toBe("127.0.0.1");
      const fromProxy = ((await (await fetch(`${behind.base}/x`, { headers: forwarding })).json()) as { headers: Record<string, string> }).headers;
      expect(fromProxy).toMatchObject(forwarding);
      expect(fromProxy[CLIENT_IP_HEADER]).toBe("6.6.6.6");
    } finally {
      await direct.shutdown();
      await behind.shutdown();
    }
  });

  it("keeps idle connections open longer than a load balancer does", async () => {
    const { server, shutdown } = await start();
    expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_MS);
    expect(KEEP_ALIVE_MS).toBeGreaterThan(60_000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
    await shutdown();
  });

  it("checkpoints SQLite's WAL from a worker thread while it runs, and stops it at shutdown", async () => {
    const { shutdown } = await start();
    expect(walCheckpointerStats().running).toBe(dbProvider() === "sqlite");
    if (dbProvider() === "sqlite") {
      const runs = walCheckpointerStats().runs;
      for (let waited = 0; walCheckpointerStats().runs <= runs && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      expect(walCheckpointerStats().runs).toBeGreaterThan(runs);
      expect(walCheckpointerStats().failures).toBe(0);
    }
    await shutdown();
    expect(walCheckpointerStats().running).toBe(false);
  });

  it("shutdown under load finishes in-flight requests and loses no audit event", async () => {
    const { org, created } = await orgWithServiceAccount();
    const { base, shutdown } = await start();
    const basic = `Basic ${Buffer.from(`${created.clientId}:${created.clientSecret}`).toString("base64")}`;
    const send = () =>
      fetch(`${base}/oauth/token`, { method: "POST", headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials" })
        .then((r) => r.status)
        .catch(() => 0);
    const first = Array.from({ length: 100 }, send);
    // Shut down once requests are really in flight (the first answers are out).
    let answered = 0;
    await new Promise<void>((resolve) => first.forEach((p) => void p.then(() => ++answered === 5 && resolve())));
    const stopping = shutdown();
    const late = Array.from({ length: 50 }, send); // refused: the server no longer accepts
    const statuses = await Promise.all([...first, ...late]);
    await stopping;
    const ok = statuses.filter((s) => s === 200).length;
    expect(ok).toBeGreaterThan(0);
    expect(await db().auditEvent.count({ where: { orgId: org.id, action: "token.issued" } })).toBe(ok);
  });
});

/** A stand-in for Next.js that fails as Next.js does: status 500, an error page, streamed. */
async function failingNext(req: IncomingMessage, res: ServerResponse) {
  if (req.url === "/api/v1/scopes" && req.method === "PUT") {
    // What Next.js answers for a method a route handler does not export.
    res.statusCode = 405;
    return void res.end();
  }
  if (req.url?.endsWith("/while-the-database-is-away")) noteDatabaseFailure(await refusedConnection());
  res.statusCode = 500;
  res.setHeader("content-type", req.headers["next-action"] ? "text/x-component" : "text/html; charset=utf-8");
  res.write("<!DOCTYPE html><html><body>Internal Server Error");
  await new Promise((r) => setTimeout(r, 10));
  res.end("</body></html>");
}

/**
 * Tessera's server in front of that stand-in, wrapped as Next.js is where it
 * runs (the console process in production, this process in development);
 * `honest: false` is the console process seen from the first door.
 */
async function startFailing({ honest = true } = {}) {
  const tessera = createTesseraServer(honest ? withHonestFailures(failingNext) : failingNext);
  await new Promise<void>((resolve) => tessera.server.listen(0, "127.0.0.1", resolve));
  const { port } = tessera.server.address() as AddressInfo;
  return { ...tessera, port, base: `http://127.0.0.1:${port}` };
}

/** A real ECONNREFUSED, as a driver reports a database that is down. */
async function refusedConnection(): Promise<Error> {
  const closed = createNetServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise((r) => closed.close(r));
  return new Promise((resolve) => connect(port, "127.0.0.1").on("error", resolve));
}

describe("what Next.js fails on (the second door)", () => {
  it("answers 503 with Retry-After, not 500, when the database was away while the request ran", async () => {
    const { base, shutdown } = await startFailing();
    try {
      const res = await fetch(`${base}/while-the-database-is-away`);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("2");
      expect(res.headers.get("x-request-id")).toBeTruthy();
      expect(await res.text()).not.toMatch(/Internal Server Error/);
    } finally {
      await shutdown();
    }
  });

  it("answers 400 to a Server Action request Next.js could not take, and leaves every other 500 a 500", async () => {
    const { base, shutdown } = await startFailing();
    try {
      const action = await fetch(`${base}/sign-in`, { method: "POST", headers: { "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" }, body: "[" });
      expect(action.status).toBe(400);
      expect(action.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await action.text()).not.toMatch(/Internal Server Error/);
      const form = new FormData();
      form.set("$ACTION_ID_x", "");
      expect((await fetch(`${base}/sign-in`, { method: "POST", body: form })).status).toBe(400);
      const page = await fetch(`${base}/some-page`);
      expect(page.status).toBe(500);
      expect(await page.text()).toMatch(/Internal Server Error/);
    } finally {
      await shutdown();
    }
  });

  it("leaves the console process's answers to it: the first door's own database failures say nothing about them", async () => {
    // In production the console answers from a process of its own; a 500 it sends is
    // judged there. Whatever this process's statements saw meanwhile (here: a refused
    // connection, noted by the stand-in) must not turn the console's 500 into a 503.
    const { base, shutdown } = await startFailing({ honest: false });
    try {
      const res = await fetch(`${base}/while-the-database-is-away`);
      expect(res.status).toBe(500);
      expect(res.headers.get("retry-after")).toBeNull();
    } finally {
      await shutdown();
    }
  });

  it("answers Next.js's own errors under /api/v1 in the API's envelope: a method a route lacks, the database away", async () => {
    const { base, shutdown } = await startFailing();
    try {
      const method = await fetch(`${base}/api/v1/scopes`, { method: "PUT" });
      expect(method.status).toBe(405);
      expect(await method.json()).toMatchObject({ error: { code: "method_not_allowed", message: expect.any(String), details: { requestId: method.headers.get("x-request-id") } } });
      const away = await fetch(`${base}/api/v1/while-the-database-is-away`);
      expect(away.status).toBe(503);
      expect(away.headers.get("retry-after")).toBe("2");
      expect(await away.json()).toMatchObject({ error: { code: "unavailable", details: { requestId: away.headers.get("x-request-id") } } });
    } finally {
      await shutdown();
    }
  });

  it("refuses a path whose percent-encoding does not decode with 400 before Next.js, which fails on it", async () => {
    const { port, shutdown } = await startFailing();
    try {
      for (const path of ["/%ZZ", "/acme/service-accounts/%E0%A4%A"]) {
        const { answer } = await raw(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, Buffer.alloc(0));
        expect(answer).toMatch(/^HTTP\/1\.1 400 /);
        expect(answer).not.toMatch(/Internal Server Error/);
      }
      const api = await raw(port, "POST /api/v1/%ZZ?limit=-1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", Buffer.alloc(0));
      expect(api.answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(jsonBody(api.answer)).toMatchObject({ error: { code: "bad_request", details: { requestId: expect.any(String) } } });
    } finally {
      await shutdown();
    }
  });

  it("refuses a management API body declared over 64 KiB with 413 in the envelope, never passing it on", async () => {
    const { port, shutdown } = await startFailing();
    try {
      const size = 70_000;
      const api = await raw(port, `GET /api/v1/service-accounts/x HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`, Buffer.alloc(size, 0x61));
      expect(api.answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(jsonBody(api.answer)).toMatchObject({ error: { code: "bad_request", details: { requestId: expect.any(String) } } });
    } finally {
      await shutdown();
    }
  });

  it("ends the connection of an answer that cannot be written, and answers the others", { timeout: 10_000 }, async () => {
    // A route whose answer Node refuses to write (a header value with a line break).
    const unwritable: PlainHandler = async () => ({ status: 200, headers: { "X-Broken": "a\r\nb" }, body: "{}" });
    const { port, shutdown } = await start({ routes: { ...OAUTH_ROUTES, "/oauth/unwritable-answer": unwritable } });
    try {
      const get = (path: string) => raw(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, Buffer.alloc(0));
      // Sent at once, so most often written in the same turn (coalescedWrites, whose own test holds that case).
      const [broken, live] = await Promise.all([get("/oauth/unwritable-answer"), get("/api/health/live")]);
      // The client sees its connection end with nothing written, instead of waiting for ever.
      expect(broken.answer).toBe("");
      expect(live.answer).toMatch(/^HTTP\/1\.1 200 /);
      expect(jsonBody(live.answer)).toEqual({ status: "ok" });
    } finally {
      await shutdown();
    }
  });

  it("refuses TRACE with 405 before Next.js, whose proxy cannot build a Request for it", async () => {
    const { port, shutdown } = await startFailing();
    try {
      const { answer } = await raw(port, "TRACE /sign-in HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", Buffer.alloc(0));
      expect(answer).toMatch(/^HTTP\/1\.1 405 /);
      expect(answer).toMatch(/\r\nAllow: GET, HEAD, POST\r\n/);
      const api = await raw(port, "TRACE /api/v1/service-accounts HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", Buffer.alloc(0));
      expect(api.answer).toMatch(/^HTTP\/1\.1 405 /);
      expect(jsonBody(api.answer)).toMatchObject({ error: { code: "method_not_allowed", message: expect.any(String), details: { requestId: expect.any(String) } } });
    } finally {
      await shutdown();
    }
  });
});

describe("request context", () => {
  it("believes the client address header only with this process's proof", () => {
    const proof = serverProof();
    expect(requestContextFrom(new Headers({ [CLIENT_IP_HEADER]: "6.6.6.6" })).clientIp).toBeNull();
    expect(requestContextFrom(new Headers({ [CLIENT_IP_HEADER]: "6.6.6.6", [PROOF_HEADER]: "nope" })).clientIp).toBeNull();
    expect(requestContextFrom(new Headers({ [CLIENT_IP_HEADER]: "203.0.113.5", [PROOF_HEADER]: proof })).clientIp).toBe("203.0.113.5");
  });

  it("logs routes without query strings or one-time tokens", () => {
    expect(logRoute("/invite/abc123secret?x=1")).toBe("/invite/[token]");
    expect(logRoute("/setup/tok/extra")).toBe("/setup/[token]/extra");
    expect(logRoute("/acme/audit?cursor=abc")).toBe("/acme/audit");
  });
});
