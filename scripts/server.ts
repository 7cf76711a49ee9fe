/**
 * Tessera's HTTP server: Next.js behind a thin Node wrapper whose only job is
 * to establish who the client is. Next.js itself would pass through a
 * client-supplied X-Forwarded-For, which would let anyone dodge per-address
 * throttling; here the address comes from the socket, and the header is
 * believed only from TESSERA_TRUSTED_PROXIES.
 */
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import next from "next";
import { CLIENT_IP_HEADER } from "../lib/http/request-context";
import { parseTrustedProxies, resolveClientIp } from "../lib/http/resolve-client-ip";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const trusted = parseTrustedProxies(process.env.TESSERA_TRUSTED_PROXIES);

const app = next({ dev, dir: process.cwd(), hostname: host === "0.0.0.0" ? "localhost" : host, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  const ip = resolveClientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], trusted);
  delete req.headers[CLIENT_IP_HEADER];
  if (ip) req.headers[CLIENT_IP_HEADER] = ip;
  const requestId = typeof req.headers["x-request-id"] === "string" ? req.headers["x-request-id"].slice(0, 100) : randomUUID();
  req.headers["x-request-id"] = requestId;
  res.setHeader("X-Request-Id", requestId);
  void handle(req, res);
});

server.listen(port, host, () => {
  const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host;
  process.stdout.write(`Tessera ready on http://${shown}:${port}${dev ? " (development)" : ""}\n`);
  if (process.env.TESSERA_READY_MESSAGE) process.stdout.write(`${process.env.TESSERA_READY_MESSAGE}\n`);
  const startedAt = Number(process.env.TESSERA_STARTED_AT);
  if (startedAt) process.stdout.write(`[tessera] ready ${((Date.now() - startedAt) / 1000).toFixed(1)} s after npm start\n`);
});

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
