import { mkdtempSync, writeFileSync } from "node:fs";
import { get, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { startConsoleProcess } from "./console-process";
import { createTesseraServer } from "./tessera-server";

/** A stand-in for Next.js in a real child process: answers as Auth.js does, with several cookies. */
const WORKER = `
import { createServer } from "node:http";
import { rmSync } from "node:fs";
rmSync(process.env.TESSERA_CONSOLE_SOCKET, { force: true }); // as the real worker does: the path is per server process
let open = 0;
const server = createServer((req, res) => {
  // /slow waits for a body that may never come; /open says how many requests are still in progress here.
  if (req.url === "/slow") {
    open++;
    req.once("close", () => open--);
    req.resume();
    req.once("end", () => res.end("done"));
    return;
  }
  if (req.url === "/open") return void res.end(String(open));
  // As Next.js answers a redirect or a refusal: at once, without reading the body.
  if (req.url === "/early") return void res.writeHead(308, { Location: "/" }).end();
  // As Next.js normalises /a/.. (fetch would do it before sending): a redirect whose Location echoes the whole, long URL.
  // Next.js names it twice, in Location and in Refresh.
  if (req.url.startsWith("/long")) {
    const to = req.url.replace("/long", "/");
    return void res.writeHead(308, { Location: to, Refresh: "0;url=" + to }).end();
  }
  res.setHeader("Set-Cookie", ["authjs.csrf-token=abc; Path=/; HttpOnly", "authjs.callback-url=http%3A%2F%2Flocalhost; Path=/"]);
  res.setHeader("Vary", "rsc");
  res.appendHeader("Vary", "next-router-state-tree");
  res.writeHead(200, { "Content-Type": "text/plain" });
  res.end("path " + req.url);
});
server.listen(process.env.TESSERA_CONSOLE_SOCKET, () => process.send("ready"));
process.on("SIGTERM", () => process.exit(0));
`;

/** Tessera's server in front of the stand-in console in a real child process, on a free port; both stopped afterwards. */
async function withConsole(test: (port: number) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), "tessera-console-"));
  writeFileSync(join(dir, "worker.mjs"), WORKER);
  const child = await startConsoleProcess(join(dir, "worker.mjs"), () => undefined);
  const tessera = createTesseraServer(child.forward);
  await new Promise<void>((resolve) => tessera.server.listen(0, "127.0.0.1", resolve));
  try {
    await test((tessera.server.address() as AddressInfo).port);
  } finally {
    await tessera.shutdown();
    await child.stop();
  }
}

describe("the console process behind Tessera's server", () => {
  it("passes every Set-Cookie of an answer through the door, beside the door's own headers", async () => {
    await withConsole(async (port) => {
      const answer = await fetch(`http://127.0.0.1:${port}/api/auth/csrf`);
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe("path /api/auth/csrf");
      expect(answer.headers.getSetCookie()).toEqual(["authjs.csrf-token=abc; Path=/; HttpOnly", "authjs.callback-url=http%3A%2F%2Flocalhost; Path=/"]);
      expect(answer.headers.get("vary")).toBe("rsc, next-router-state-tree");
      expect(answer.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  it("a client that goes away mid-request takes its hop to the console process with it", async () => {
    await withConsole(async (port) => {
      const inConsole = async () => (await fetch(`http://127.0.0.1:${port}/open`)).text();
      // Promise a 1000-byte body, send 5 bytes, and hang up: the console process must not wait for the rest.
      const socket = connect(port, "127.0.0.1");
      await new Promise<void>((resolve) => socket.once("connect", resolve));
      socket.write("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nhello");
      await vi.waitFor(async () => expect(await inConsole()).toBe("1"));
      socket.destroy();
      // Otherwise each such client would hold one of the front server's sockets to the console for good.
      await vi.waitFor(async () => expect(await inConsole()).toBe("0"), { timeout: 5_000 });
    });
  });

  it("passes on an answer the console gives before reading the body, instead of 502", async () => {
    await withConsole(async (port) => {
      const base = `http://127.0.0.1:${port}`;
      // The client's own Connection: close is about its hop, not the one to the console process.
      const statuses = await Promise.all(
        Array.from({ length: 5 }, () => fetch(`${base}/early`, { method: "POST", headers: { connection: "close" }, body: "x".repeat(1 << 20), redirect: "manual" }).then((r) => r.status)),
      );
      expect(statuses).toEqual([308, 308, 308, 308, 308]);
    });
  });

  it("passes on an answer whose headers echo a long URL, instead of 502", async () => {
    await withConsole(async (port) => {
      const query = `?q=${"%00".repeat(5_000)}`; // 15 KB, within the door's 16 KiB for a request head
      // Node's client with room for the answer's head, as browsers have (fetch keeps to 16 KiB).
      const answer = await new Promise<IncomingMessage>((resolve, reject) =>
        get({ host: "127.0.0.1", port: port, path: `/long${query}`, maxHeaderSize: 65_536 }, resolve).on("error", reject),
      );
      answer.resume();
      expect(answer.statusCode).toBe(308);
      expect(answer.headers.location).toBe(`/${query}`);
    });
  });

  it("takes every request the door took: the door's own headers do not push one past the console's header limit", async () => {
    await withConsole(async (port) => {
      // Sizes around Node's 16 KiB header limit, which the door applies to the client: what
      // the door takes (an answer with its request id) the console takes too.
      const base = `http://127.0.0.1:${port}`;
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
    });
  });
});
