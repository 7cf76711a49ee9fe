/**
 * The console process: Next.js on a private Unix socket, started by Tessera's
 * server (lib/server/console-process.ts), which sends every request that is
 * not an OAuth hot path here. Built to dist/console-worker.mjs.
 */
import { createServer } from "node:http";
import { rmSync } from "node:fs";
import next from "next";
import { flushPendingWork } from "../lib/pending-work";
import { disconnectDb } from "../lib/db";
import { log } from "../lib/log";

const socketPath = process.env.TESSERA_CONSOLE_SOCKET;
if (!socketPath || !process.send) throw new Error("the console process is started by Tessera's server (dist/server.mjs)");

const app = next({ dev: false, dir: process.cwd() });
const handle = app.getRequestHandler();
await app.prepare();

rmSync(socketPath, { force: true });
const server = createServer((req, res) => void handle(req, res));
// As long as the front server keeps its own connections to us open.
server.keepAliveTimeout = 70_000;
server.listen(socketPath, () => process.send!("ready"));

process.on("SIGINT", () => undefined); // the front server decides when we stop
process.on("SIGTERM", () => {
  server.close();
  server.closeIdleConnections();
  void flushPendingWork()
    .then(() => disconnectDb())
    .then(
      () => process.exit(0),
      (e: unknown) => {
        log.error({ err: e }, "console process shutdown failed");
        process.exit(1);
      },
    );
});
