/**
 * The console process: Next.js on a private Unix socket, started by Tessera's
 * server (lib/server/console-process.ts), which sends every request that is
 * not an OAuth hot path here. Built to dist/console-worker.mjs.
 */
import { createServer } from "node:http";
import { rmSync } from "node:fs";
import next from "next";
import { withHonestFailures } from "../lib/http/next-failures";
import { flushPendingWork } from "../lib/pending-work";
import { disconnectDb } from "../lib/db";
import { log } from "../lib/log";
import { listenAddress } from "../lib/server/listen-address";

const socketPath = process.env.TESSERA_CONSOLE_SOCKET;
if (!socketPath || !process.send) throw new Error("the console process is started by Tessera's server (dist/server.mjs)");

// The public address, not our socket: Next.js fetches the page a Server Action
// redirects to from there, through the front server (lib/server/listen-address.ts).
const { reachableHost, port } = listenAddress();
const app = next({ dev: false, dir: process.cwd(), hostname: reachableHost, port });
// What Next.js fails on is judged here, where its database statements ran (lib/http/next-failures.ts).
const handle = withHonestFailures(app.getRequestHandler());
await app.prepare();

rmSync(socketPath, { force: true });
const server = createServer((req, res) => void handle(req, res));
// As long as the front server keeps its own connections to us open.
server.keepAliveTimeout = 70_000;
server.listen(socketPath, () => process.send!("ready"));

process.on("SIGINT", () => undefined); // the front server decides when we stop
let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
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
}
process.on("SIGTERM", stop);
// The front server is gone (killed outright, with no chance to stop us): an
// orphaned console would go on running background work, such as webhook
// deliveries, beside the server that replaces it.
process.on("disconnect", stop);
