import { mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startConsoleProcess } from "./console-process";
import { createTesseraServer } from "./tessera-server";

/** A stand-in for Next.js in a real child process: answers as Auth.js does, with several cookies. */
const WORKER = `
import { createServer } from "node:http";
import { rmSync } from "node:fs";
rmSync(process.env.TESSERA_CONSOLE_SOCKET, { force: true });
const server = createServer((req, res) => {
  // As Next.js answers a redirect or a refusal: at once, without reading the body.
  if (req.url === "/early") return void res.writeHead(308, { Location: "/" }).end();
  res.setHeader("Set-Cookie", ["authjs.csrf-token=abc; Path=/; HttpOnly", "authjs.callback-url=http%3A%2F%2Flocalhost; Path=/"]);
  res.setHeader("Vary", "rsc");
  res.appendHeader("Vary", "next-router-state-tree");
  res.writeHead(200, { "Content-Type": "text/plain" });
  res.end("path " + req.url);
});
server.listen(process.env.TESSERA_CONSOLE_SOCKET, () => process.send("ready"));
process.on("SIGTERM", () => process.exit(0));
`;

describe("the console process behind Tessera's server", () => {
  it("passes every Set-Cookie of an answer through the door, beside the door's own headers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tessera-console-"));
    writeFileSync(join(dir, "worker.mjs"), WORKER);
    const child = await startConsoleProcess(join(dir, "worker.mjs"), () => undefined);
    const tessera = createTesseraServer(child.forward);
    await new Promise<void>((resolve) => tessera.server.listen(0, "127.0.0.1", resolve));
    try {
      const answer = await fetch(`http://127.0.0.1:${(tessera.server.address() as AddressInfo).port}/api/auth/csrf`);
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe("path /api/auth/csrf");
      expect(answer.headers.getSetCookie()).toEqual(["authjs.csrf-token=abc; Path=/; HttpOnly", "authjs.callback-url=http%3A%2F%2Flocalhost; Path=/"]);
      expect(answer.headers.get("vary")).toBe("rsc, next-router-state-tree");
      expect(answer.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await tessera.shutdown();
      await child.stop();
    }
  });

  it("passes on an answer the console gives before reading the body, instead of 502", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tessera-console-"));
    writeFileSync(join(dir, "worker.mjs"), WORKER);
    const child = await startConsoleProcess(join(dir, "worker.mjs"), () => undefined);
    const tessera = createTesseraServer(child.forward);
    await new Promise<void>((resolve) => tessera.server.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(tessera.server.address() as AddressInfo).port}`;
      // The client's own Connection: close is about its hop, not the one to the console process.
      const statuses = await Promise.all(
        Array.from({ length: 5 }, () => fetch(`${base}/early`, { method: "POST", headers: { connection: "close" }, body: "x".repeat(1 << 20), redirect: "manual" }).then((r) => r.status)),
      );
      expect(statuses).toEqual([308, 308, 308, 308, 308]);
    } finally {
      await tessera.shutdown();
      await child.stop();
    }
  });

  it("takes every request the door took: the door's own headers do not push one past the console's header limit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tessera-console-"));
    writeFileSync(join(dir, "worker.mjs"), WORKER);
    const child = await startConsoleProcess(join(dir, "worker.mjs"), () => undefined);
    const tessera = createTesseraServer(child.forward);
    await new Promise<void>((resolve) => tessera.server.listen(0, "127.0.0.1", resolve));
    try {
      // Sizes around Node's 16 KiB header limit, which the door applies to the client: what
      // the door takes (an answer with its request id) the console takes too.
      const base = `http://127.0.0.1:${(tessera.server.address() as AddressInfo).port}`;
      let largestTaken = 0;
      for (let size = 16_000; size <= 16_400; size += 25) {
        const answer = await fetch(`${base}/big`, { headers: { "x-big": "h".repeat(size) } });
        if (answer.headers.get("x-request-id")) {
          expect({ size, status: answer.status }).toEqual({ size, status: 200 });
          largestTaken = size;
        } else expect(answer.status).toBe(431); // the door's own parser refused it
      }
      // The door took requests within its own headers' size of the limit.
      expect(largestTaken).toBeGreaterThanOrEqual(16_100);
    } finally {
      await tessera.shutdown();
      await child.stop();
    }
  });
});
