// `npm run bench`: a bounded loopback load test of POST /oauth/token against
// the production build. Defaults: 10,000 requests, 16 concurrent, SQLite.
//   BENCH_REQUESTS=10000 BENCH_CONCURRENCY=16 BENCH_DB=sqlite|postgresql npm run bench
// Passes only with zero 5xx and exactly one token.issued audit event per
// token returned.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import pg from "pg";
import { buildApp, buildIsCurrent, root } from "../lib/steps.mjs";
import { startCluster } from "../pg-cluster.mjs";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PORT = Number(process.env.BENCH_PORT ?? 3400);
const PROVIDER = process.env.BENCH_DB === "postgresql" ? "postgresql" : "sqlite";
const DEADLINE_MS = 10 * 60_000;
const base = `http://127.0.0.1:${PORT}`;

const dir = join(root, ".tmp", "bench");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
let databaseUrl = `file:${join(dir, "tessera.db")}`;
if (PROVIDER === "postgresql") {
  const server = process.env.TEST_DATABASE_URL ?? (await startCluster());
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS tessera_bench WITH (FORCE)");
  await admin.query("CREATE DATABASE tessera_bench");
  await admin.end();
  const u = new URL(server);
  u.pathname = "/tessera_bench";
  databaseUrl = u.toString();
}
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  TESSERA_SECRET: "bench-secret-bench-secret-bench-secret-0123456789",
  TESSERA_SKIP_DOTENV: "1",
  AUTH_URL: base,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
};
const cli = (...args) => {
  const r = spawnSync(process.execPath, ["bin/tessera.mjs", ...args, "--json"], { cwd: root, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tessera ${args.join(" ")}: ${r.stderr}`);
  return JSON.parse(r.stdout);
};

if (!buildIsCurrent()) buildApp();
spawnSync(process.execPath, ["--import", "tsx", "prisma/tools/migrate.ts"], { cwd: root, env, stdio: "inherit" });
cli("orgs", "create", "--slug", "bench", "--name", "Bench");
cli("scopes", "create", "bench:read", "--org", "bench");
const account = cli("service-accounts", "create", "--org", "bench", "--name", "load", "--scope", "bench:read", "--audience", "https://api.example.com");

const server = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], { cwd: root, env: { ...env, PORT: String(PORT), HOST: "127.0.0.1" }, stdio: "ignore" });
const stop = () => server.kill("SIGTERM");
process.on("exit", stop);
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {}
  if (i > 120) throw new Error("server did not start");
  await new Promise((r) => setTimeout(r, 500));
}

const authorization = `Basic ${Buffer.from(`${account.clientId}:${account.clientSecret}`).toString("base64")}`;
const statuses = new Map();
const latencies = [];
let sent = 0;
let tokens = 0;
const started = performance.now();
async function worker() {
  while (sent < REQUESTS && performance.now() - started < DEADLINE_MS) {
    sent++;
    const t = performance.now();
    let status = 0;
    try {
      const res = await fetch(`${base}/oauth/token`, {
        method: "POST",
        headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials",
      });
      status = res.status;
      const body = await res.json();
      if (status === 200 && body.access_token) tokens++;
    } catch {
      status = -1;
    }
    latencies.push(performance.now() - t);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const seconds = (performance.now() - started) / 1000;
stop();

let issuedEvents;
if (PROVIDER === "sqlite") {
  const sqlite = new Database(databaseUrl.slice("file:".length), { readonly: true });
  issuedEvents = sqlite.prepare(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action" = 'token.issued' AND "actorId" = ?`).get(account.clientId).n;
  sqlite.close();
} else {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  issuedEvents = Number((await c.query(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action" = 'token.issued' AND "actorId" = $1`, [account.clientId])).rows[0].n);
  await c.end();
}

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
const fiveXX = [...statuses].filter(([s]) => s >= 500 || s < 0).reduce((n, [, c]) => n + c, 0);
const result = {
  provider: PROVIDER,
  requests: sent,
  concurrency: CONCURRENCY,
  statuses: Object.fromEntries(statuses),
  tokensReturned: tokens,
  tokenIssuedEvents: issuedEvents,
  seconds: Number(seconds.toFixed(1)),
  requestsPerSecond: Math.round(sent / seconds),
  latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: latencies.at(-1).toFixed(1) },
};
console.log(JSON.stringify(result, null, 2));
const ok = fiveXX === 0 && tokens === issuedEvents && sent === REQUESTS;
console.log(ok ? "bench passed: zero 5xx, one token.issued event per token" : "bench FAILED");
process.exit(ok ? 0 : 1);
