/**
 * Tessera's production server entry: Next.js behind Tessera's own node:http
 * server (lib/server/tessera-server.ts), which answers the OAuth endpoints
 * itself and shuts down without losing an audit event. Built to
 * dist/server.mjs by `npm run build`; `npm run dev` runs this file through tsx.
 */
import next from "next";
import { createTesseraServer } from "../lib/server/tessera-server";
import { log } from "../lib/log";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";

const app = next({ dev, dir: process.cwd(), hostname: host === "0.0.0.0" ? "localhost" : host, port });
const handle = app.getRequestHandler();
await app.prepare();

const { server, shutdown } = createTesseraServer(handle, { trustedProxies: process.env.TESSERA_TRUSTED_PROXIES });
server.listen(port, host, () => {
  const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host;
  process.stdout.write(`Tessera ready on http://${shown}:${port}${dev ? " (development)" : ""}\n`);
  if (process.env.TESSERA_READY_MESSAGE) process.stdout.write(`${process.env.TESSERA_READY_MESSAGE}\n`);
  const startedAt = Number(process.env.TESSERA_STARTED_AT);
  if (startedAt) process.stdout.write(`[tessera] ready ${((Date.now() - startedAt) / 1000).toFixed(1)} s after npm start\n`);
});

// SIGTERM (orchestrators) and SIGINT (Ctrl-C): stop accepting, finish what is in flight,
// write every pending audit event, then exit. A second signal exits at once.
let signalled = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (signalled) process.exit(1);
    signalled = true;
    shutdown().then(
      () => process.exit(0),
      (e: unknown) => {
        log.error({ err: e }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
