import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { CLIENT_IP_HEADER, PROOF_HEADER, requestIdFrom, serverProof, type RequestContext } from "../http/request-context";
import { fromTrustedProxy, parseTrustedProxies, resolveClientIp } from "../http/resolve-client-ip";
import { fromNodeRequest, writeNodeResponse, type PlainResponse } from "../http/plain-http";
import { apiSecurityHeaders } from "../http/security-headers";
import { refuseAtTheDoor } from "../http/door-refusals";
import { consoleUsesHttps } from "../auth/session-policy";
import { OAUTH_ROUTES, type PlainHandler } from "../oauth/routes";
import { handleMetricsRequest } from "../metrics-endpoint";
import { LIVENESS_PATH, liveness } from "../health";
import { flushPendingWork } from "../pending-work";
import { dbProvider, disconnectDb } from "../db";
import { sqlitePath } from "../sqlite-path";
import { env } from "../env";
import { startWalCheckpointer, stopWalCheckpointer } from "../wal-checkpointer";
import { accessLog, log } from "../log";
import { coalescedWrites } from "../http/coalesced-writes";

type NextHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Above the usual 60 s idle timeout of load balancers, so they close idle connections first, not us. */
export const KEEP_ALIVE_MS = 65_000;
/** How long shutdown waits for in-flight requests before giving up on them. */
const DRAIN_MS = 25_000;

// Headers only a framework or proxy inside this process may set; never believed from a client.
/** Forwarding headers, believed from trusted proxies only (TESSERA_TRUSTED_PROXIES). */
const FORWARDING_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-for", "forwarded"];
const INTERNAL_HEADERS = [CLIENT_IP_HEADER, PROOF_HEADER, "x-middleware-subrequest", "x-middleware-prefetch", "x-invoke-path", "x-invoke-query", "x-invoke-output", "x-now-route-matches"];

/** A route for the access log: no query string, and no one-time token from a link path. */
export function logRoute(url: string | undefined): string {
  const path = (url ?? "/").split("?")[0]!;
  return path.replace(/^\/(invite|setup)\/[^/]+/, "/$1/[token]").slice(0, 200);
}

export interface TesseraServer {
  server: Server;
  /** Stop accepting, finish in-flight requests, write what is pending, then close the database. */
  shutdown(): Promise<void>;
}

/**
 * Tessera's HTTP server. It establishes who the client is (the address from
 * the socket; X-Forwarded-For only from TESSERA_TRUSTED_PROXIES; vouched for
 * to the app with a per-process proof), answers the OAuth endpoints and
 * /metrics itself with the same handlers the route handlers use, and hands
 * everything else to Next.js.
 */
export function createTesseraServer(next: NextHandler, options: { trustedProxies?: string; routes?: Readonly<Record<string, PlainHandler>> } = {}): TesseraServer {
  const routes = options.routes ?? OAUTH_ROUTES;
  // The server's commits never stop to checkpoint SQLite's WAL: a worker thread does it.
  if (dbProvider() === "sqlite") startWalCheckpointer(sqlitePath(env().DATABASE_URL));
  const trusted = parseTrustedProxies(options.trustedProxies);
  const apiHeaders = apiSecurityHeaders({ https: consoleUsesHttps() });
  const proof = serverProof();
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const soon = coalescedWrites();

  const server = createServer((req, res) => {
    const started = performance.now();
    inFlight++;
    const ip = resolveClientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], trusted);
    const requestId = requestIdFrom(typeof req.headers["x-request-id"] === "string" ? req.headers["x-request-id"] : undefined);
    for (const h of INTERNAL_HEADERS) delete req.headers[h];
    // What a client says about the host and scheme it reached counts only from
    // a trusted proxy; Next.js and Auth.js read these headers.
    if (!fromTrustedProxy(req.socket.remoteAddress, trusted)) for (const h of FORWARDING_HEADERS) delete req.headers[h];
    if (ip) req.headers[CLIENT_IP_HEADER] = ip;
    req.headers[PROOF_HEADER] = proof;
    req.headers["x-request-id"] = requestId;
    const context: RequestContext = { clientIp: ip, userAgent: req.headers["user-agent"] ?? null, requestId };
    res.once("close", () => {
      accessLog().info({ requestId, method: req.method, route: logRoute(req.url), status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10, clientId: context.principal ?? undefined }, "request");
      if (--inFlight === 0) idle?.();
    });

    const path = (req.url ?? "/").split("?")[0]!;
    const handler = Object.hasOwn(routes, path) ? routes[path] : undefined;
    // What this server answers itself carries the same security headers as every other API answer,
    // and is written with the other answers ready in the same turn (coalescedWrites).
    const answer = (out: PlainResponse) =>
      soon(
        () => writeNodeResponse(res, out, apiHeaders, { "X-Request-Id": requestId }),
        (error) => {
          // Never left hanging: the client sees the connection end instead of waiting for ever.
          log.error({ err: error, requestId }, "could not write an answer");
          res.destroy();
        },
      );
    if (handler) {
      void handler(fromNodeRequest(req), context).then(answer);
    } else if (path === LIVENESS_PATH && (req.method === "GET" || req.method === "HEAD")) {
      answer(liveness());
    } else if (path === "/metrics") {
      void handleMetricsRequest(fromNodeRequest(req)).then(answer);
    } else {
      res.setHeader("X-Request-Id", requestId);
      if (refuseAtTheDoor(req, res)) return;
      // Next.js's own failures are answered where it runs (withHonestFailures).
      void next(req, res);
    }
  });
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;

  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      server.close();
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          idle = resolve;
          setTimeout(resolve, DRAIN_MS).unref();
        });
      }
      await flushPendingWork();
      server.closeAllConnections();
      // The worker's connection closes first, so the last one to close checkpoints the WAL away.
      await stopWalCheckpointer();
      await disconnectDb();
      accessLog().flush();
    })());
  return { server, shutdown };
}
