import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { CLIENT_IP_HEADER, PROOF_HEADER, requestContextFrom, serverProof } from "../http/request-context";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { createTesseraServer, KEEP_ALIVE_MS, logRoute } from "./tessera-server";

/** Tessera's server with a stand-in for Next.js that echoes the headers it was handed. */
async function start(options: { trustedProxies?: string } = {}) {
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

describe("Tessera's server (the first door)", () => {
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
