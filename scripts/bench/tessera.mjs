// Tessera in the benchmark: build, migrate, seed, start, and count its
// token.issued events for the self-check.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { buildApp, buildIsCurrent, root } from "../lib/steps.mjs";

export const TESSERA_SECRET = "bench-secret-bench-secret-bench-secret-0123456789";

/**
 * The one place that knows how the production server is started: the
 * compiled dist/server.mjs when the build produced one, else the TypeScript
 * wrapper through tsx. Returns [command, args], run with cwd = repo root.
 */
export function tesseraCommand() {
  if (existsSync(join(root, "dist", "server.mjs"))) return [process.execPath, ["dist/server.mjs"]];
  return [process.execPath, ["--import", "tsx", "scripts/server.ts"]];
}

export function tesseraEnv(databaseUrl, port) {
  const base = `http://127.0.0.1:${port}`;
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TESSERA_SECRET,
    TESSERA_SKIP_DOTENV: "1",
    AUTH_URL: base,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOST: "127.0.0.1",
    // For queries per request: tessera_db_statements_total (see statementsSent).
    TESSERA_METRICS: "1",
    // Held off while the load runs (its first run, 30 s after start, would land in whichever
    // scenario runs then), and timed on its own afterwards: auditMaintenanceCost.
    TESSERA_AUDIT_MAINTENANCE_SECONDS: "0",
  };
}

/**
 * Run the audit maintenance the runs held off (verify what they wrote since
 * the last checkpoint, sign a new one) once, in a process of its own, and
 * return what it cost: { events, cpuMs, seconds, checkpointed, failures }.
 */
export function auditMaintenanceCost(databaseUrl, port, outFile) {
  runNode(["--import", "tsx", "scripts/bench/audit-maintenance.ts", outFile], tesseraEnv(databaseUrl, port));
  return JSON.parse(readFileSync(outFile, "utf8"));
}

/** Statements Tessera has sent to its database so far (from its own /metrics). */
export async function statementsSent(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith("tessera_db_statements_total "));
  return line ? Number(line.split(" ")[1]) : null;
}

export function ensureBuild() {
  if (buildIsCurrent()) return false;
  buildApp();
  return true;
}

function runNode(args, env) {
  const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
}

/** Migrates the (fresh) database and seeds it; resolves to the fixture the scenarios use. */
export function prepareTessera({ databaseUrl, port, seedFile, accounts, revokeTokens }) {
  const env = tesseraEnv(databaseUrl, port);
  runNode(["dist/migrate.mjs"], env);
  runNode(["--import", "tsx", "scripts/bench/seed-tessera.ts", seedFile, String(accounts), String(revokeTokens)], env);
  const seed = JSON.parse(readFileSync(seedFile, "utf8"));
  return { ...seed, healthPath: "/api/health/live", readyPath: "/api/health/live" };
}

/** The jti of every token.issued event of the benchmark organisation. */
export async function issuedJtis(databaseUrl, orgId) {
  const sql = `SELECT "metadata" FROM "AuditEvent" WHERE "orgId" = $1 AND "action" = 'token.issued'`;
  let rows;
  if (databaseUrl.startsWith("file:")) {
    const sqlite = new Database(databaseUrl.slice("file:".length), { readonly: true });
    rows = sqlite.prepare(sql.replace("$1", "?")).all(orgId);
    sqlite.close();
  } else {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    rows = (await client.query(sql, [orgId])).rows;
    await client.end();
  }
  return rows.map((r) => JSON.parse(r.metadata).jti);
}

/**
 * The self-check: every token the load generator received has exactly one
 * token.issued event, and no event lacks a token except for requests the
 * client gave up on (timed out, or in flight when a run ended), which the
 * server may still have completed. With no abandoned request the two counts
 * must be equal. `seen` is the jti of every 200 (the whole run, warm-up included, and
 * the sample request); `ok` counts those 200s, so a 200 without a token fails.
 */
export function compareTokenEvents({ events, seen, ok, abandoned }) {
  const eventSet = new Set(events);
  const missing = seen.filter((jti) => !eventSet.has(jti)).length;
  const duplicates = events.length - eventSet.size;
  const extra = events.length - (seen.length - missing);
  const pass = missing === 0 && duplicates === 0 && seen.length === ok && extra >= 0 && extra <= abandoned;
  return { pass, events: events.length, responses200: ok, tokensSeen: seen.length, missing, duplicates, extra, abandoned };
}

export async function checkTokenEvents({ databaseUrl, orgId, ...counts }) {
  return compareTokenEvents({ events: await issuedJtis(databaseUrl, orgId), ...counts });
}
