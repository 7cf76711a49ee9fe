import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");
const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
const OIDC_PORT = APP_PORT + 1;
/** The e2e server's TESSERA_SECRET: tests that must open what it sealed (signing keys) derive from it too. */
export const E2E_TESSERA_SECRET = "e2e-secret-e2e-secret-e2e-secret-e2e-secret-0123";
/** Everything the e2e server prints, so tests can prove what never reaches a log. */
export const E2E_SERVER_LOG = join(ROOT, ".tmp", "e2e", "server.log");

/**
 * Runs once, in Playwright's main process: a fresh SQLite database, migrated,
 * with no user, and the one-time setup link `npm start` would print. The
 * first journey (global.setup.ts) creates the owner through that link.
 */
export function prepareE2eEnvironment() {
  // "localhost", not 127.0.0.1: Next.js rewrites loopback addresses in request
  // URLs to "localhost", and OIDC redirect URIs must match exactly.
  const baseUrl = `http://localhost:${APP_PORT}`;
  const oidcIssuer = `http://127.0.0.1:${OIDC_PORT}`;
  if (!process.env.E2E_SETUP_URL) {
    const dir = join(ROOT, ".tmp", "e2e");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    process.env.E2E_DATABASE_URL = `file:${join(dir, "tessera.db")}`;
    const env = { ...process.env, ...baseEnv(baseUrl, oidcIssuer), TESSERA_SKIP_DOTENV: "1" };
    const migrate = spawnSync(process.execPath, ["dist/migrate.mjs"], { cwd: ROOT, env, encoding: "utf8" });
    if (migrate.status !== 0) throw new Error(`e2e migrate failed: ${migrate.stderr}`);
    const boot = spawnSync(process.execPath, ["bin/tessera.mjs", "bootstrap", "--json"], { cwd: ROOT, env, encoding: "utf8" });
    if (boot.status !== 0) throw new Error(`e2e bootstrap failed: ${boot.stderr}`);
    const result = JSON.parse(boot.stdout) as { kind: string; url?: string };
    if (result.kind !== "setup-link" || !result.url) throw new Error(`expected a setup link, got ${boot.stdout}`);
    process.env.E2E_SETUP_URL = result.url;
  }
  return {
    baseUrl,
    oidcIssuer,
    oidcPort: OIDC_PORT,
    setupUrl: process.env.E2E_SETUP_URL,
    // Audit checkpoints every 5 s, so a journey sees the server's own signing.
    // The webhook worker every second, so a retry 5 s after a failure goes out promptly.
    serverEnv: {
      ...baseEnv(baseUrl, oidcIssuer),
      NODE_ENV: "production",
      PORT: String(APP_PORT),
      HOST: "127.0.0.1",
      TESSERA_AUDIT_MAINTENANCE_SECONDS: "5",
      TESSERA_WEBHOOK_WORKER_SECONDS: "1",
    },
    /** The second door: the same build under plain `next start` (route handlers only), on the same database. */
    nextStart: {
      port: APP_PORT + 2,
      env: { ...baseEnv(`http://localhost:${APP_PORT + 2}`, oidcIssuer), NODE_ENV: "production", TESSERA_AUDIT_MAINTENANCE_SECONDS: "0", TESSERA_WEBHOOK_WORKER_SECONDS: "0" },
    },
  };
}

function baseEnv(baseUrl: string, oidcIssuer: string): Record<string, string> {
  return {
    DATABASE_URL: process.env.E2E_DATABASE_URL!,
    TESSERA_SECRET: E2E_TESSERA_SECRET,
    AUTH_URL: baseUrl,
    AUTH_OIDC_ISSUER: oidcIssuer,
    AUTH_OIDC_CLIENT_ID: "tessera-e2e",
    AUTH_OIDC_CLIENT_SECRET: "tessera-e2e-secret-tessera-e2e-secret",
    AUTH_OIDC_NAME: "Test SSO",
    NEXT_TELEMETRY_DISABLED: "1",
    // Time-boxed grants of a few seconds, so a journey watches one end (the default minimum is 60 s).
    TESSERA_MIN_GRANT_SECONDS: "1",
    // The journeys start from "no user exists"; a developer's own settings must not leak in.
    TESSERA_ADMIN_EMAIL: "",
    TESSERA_ADMIN_PASSWORD: "",
  };
}

/** Run the real `tessera` CLI against the e2e server's database (same TESSERA_SECRET). */
export function e2eCli(args: string[]): unknown {
  const baseUrl = `http://localhost:${APP_PORT}`;
  const env = { ...process.env, ...baseEnv(baseUrl, `http://127.0.0.1:${OIDC_PORT}`), TESSERA_SKIP_DOTENV: "1" };
  const r = spawnSync(process.execPath, ["bin/tessera.mjs", ...args, "--json"], { cwd: ROOT, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tessera ${args.join(" ")} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * The same, without blocking the event loop: a test that then calls the
 * server over a kept-alive socket must not find it closed under it.
 */
export function e2eCliAsync(args: string[]): Promise<unknown> {
  const baseUrl = `http://localhost:${APP_PORT}`;
  const env = { ...process.env, ...baseEnv(baseUrl, `http://127.0.0.1:${OIDC_PORT}`), TESSERA_SKIP_DOTENV: "1" };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["bin/tessera.mjs", ...args, "--json"], { cwd: ROOT, env, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error) reject(new Error(`tessera ${args.join(" ")} failed: ${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}
