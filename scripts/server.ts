/**
 * Tessera's production server entry (built to dist/server.mjs by
 * `npm run build`; `npm run dev` runs this file through tsx). Tessera's own
 * node:http server (lib/server/tessera-server.ts) answers the OAuth endpoints
 * itself and shuts down without losing an audit event; everything else goes
 * to the console, Next.js, which runs in a process of its own in production
 * (lib/server/console-process.ts) and in this process in development.
 */
import { fileURLToPath } from "node:url";
import { createTesseraServer } from "../lib/server/tessera-server";
import { startConsoleProcess } from "../lib/server/console-process";
import { listenAddress } from "../lib/server/listen-address";
import { withHonestFailures } from "../lib/http/next-failures";
import { prepareOAuthEndpoints } from "../lib/oauth/prepare-endpoints";
import { log } from "../lib/log";

const dev = process.argv.includes("--dev");
const { port, host, reachableHost } = listenAddress();

async function consoleHandler() {
  if (dev) {
    // Loaded only here: in production this process never loads Next.js at all.
    const { default: next } = await import("next");
    const app = next({ dev, dir: process.cwd(), hostname: reachableHost, port });
    await app.prepare();
    return { forward: withHonestFailures(app.getRequestHandler()), stop: async () => undefined };
  }
  const worker = fileURLToPath(new URL("./console-worker.mjs", import.meta.url));
  return startConsoleProcess(worker, (code) => process.exit(code || 1));
}

// The OAuth endpoints connected and their keys loaded before the first request, not by it
// (about 0.9 s, which every request arriving meanwhile would wait out), while the console starts.
const [consoleApp] = await Promise.all([consoleHandler(), prepareOAuthEndpoints()]);
const { server, shutdown } = createTesseraServer(consoleApp.forward, { trustedProxies: process.env.TESSERA_TRUSTED_PROXIES });
server.listen(port, host, () => {
  process.stdout.write(`Tessera ready on http://${reachableHost}:${port}${dev ? " (development)" : ""}\n`);
  if (process.env.TESSERA_READY_MESSAGE) process.stdout.write(`${process.env.TESSERA_READY_MESSAGE}\n`);
  const startedAt = Number(process.env.TESSERA_STARTED_AT);
  if (startedAt) process.stdout.write(`[tessera] ready ${((Date.now() - startedAt) / 1000).toFixed(1)} s after npm start\n`);
});

// SIGTERM (orchestrators) and SIGINT (Ctrl-C): stop accepting, finish what is in flight,
// write every pending audit event (here, then in the console process), then exit.
// A second signal exits at once.
let signalled = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (signalled) process.exit(1);
    signalled = true;
    shutdown()
      .then(() => consoleApp.stop())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          log.error({ err: e }, "shutdown failed");
          process.exit(1);
        },
      );
  });
}
