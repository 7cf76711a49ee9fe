import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const ROOT = join(import.meta.dirname, "..", "..");
const run = promisify(execFile);

export interface DeploymentOptions {
  /** Extra environment for every instance and for the CLI. */
  env?: Record<string, string | undefined>;
  /** A directory for each instance's output (`<port>.log`); without it, instances' stderr is inherited. */
  logDir?: string;
  /** false: the database is already migrated (or cannot be written to). */
  migrate?: boolean;
}

/**
 * Real Tessera server processes (dist/server.mjs) on one throwaway
 * PostgreSQL database, as several instances behind a load balancer would run:
 * same TESSERA_SECRET and issuer, each its own port. Needs TEST_DATABASE_URL
 * (npm test provides it); a missing PostgreSQL fails, it never skips.
 */
export async function postgresDeployment(name: string, options: DeploymentOptions = {}) {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) throw new Error("this spec needs PostgreSQL: set TEST_DATABASE_URL (npm test starts a throwaway cluster)");
  const database = `tessera_e2e_${name}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${database}`;
  const deployment = await deploymentOn(url.toString(), options);
  return {
    ...deployment,
    async sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      try {
        return (await c.query<T>(text, values)).rows;
      } finally {
        await c.end();
      }
    },
    async stop() {
      await deployment.stop();
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The same on a SQLite file (`tessera.db` in `dir`, which must exist). */
export async function sqliteDeployment(dir: string, options: DeploymentOptions = {}) {
  return deploymentOn(`file:${join(dir, "tessera.db")}`, options);
}

/** Migrate the database at `databaseUrl`; then start instances on it and run the CLI against it. */
async function deploymentOn(databaseUrl: string, options: DeploymentOptions) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TESSERA_SECRET: "instances-secret-instances-secret-0123456789",
    TESSERA_ISSUER: "http://tessera.e2e",
    TESSERA_SKIP_DOTENV: "1",
    TESSERA_AUDIT_MAINTENANCE_SECONDS: "0",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    TESSERA_LOG_LEVEL: "warn",
    ...options.env,
  };
  if (options.migrate !== false) await run(process.execPath, ["dist/migrate.mjs"], { cwd: ROOT, env });
  const processes: ChildProcess[] = [];
  if (options.logDir) mkdirSync(options.logDir, { recursive: true });

  return {
    databaseUrl,
    env,
    /** The real CLI against this database (asynchronously: a blocked event loop breaks keep-alive clients). */
    async cli(args: string[]): Promise<unknown> {
      const { stdout } = await run(process.execPath, ["bin/tessera.mjs", ...args, "--json"], { cwd: ROOT, env });
      return stdout.trim() ? JSON.parse(stdout) : null;
    },
    /** Start one instance; resolves once it answers `readyPath` (readiness: the database answers too). */
    async start(port: number, extraEnv: Record<string, string | undefined> = {}, readyPath = "/api/health") {
      // Another process on the port would answer the health check in this instance's place.
      if (await fetch(`http://127.0.0.1:${port}/api/health`).then(() => true, () => false)) throw new Error(`port ${port} is already in use`);
      const out = options.logDir ? openSync(join(options.logDir, `${port}.log`), "a") : "ignore";
      const child: ChildProcess = spawn(process.execPath, ["dist/server.mjs"], {
        cwd: ROOT,
        env: { ...env, PORT: String(port), HOST: "127.0.0.1", AUTH_URL: `http://localhost:${port}`, ...extraEnv },
        stdio: ["ignore", out, options.logDir ? out : "inherit"],
      });
      processes.push(child);
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        if (child.exitCode !== null) throw new Error(`instance on ${port} exited (${child.exitCode})`);
        try {
          if ((await fetch(`${base}${readyPath}`)).ok) break;
        } catch {
          // not listening yet
        }
        if (i > 240) throw new Error(`instance on ${port} did not start`);
        await new Promise((r) => setTimeout(r, 500));
      }
      return { base, port, child, exited };
    },
    async stop() {
      for (const p of processes) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
    },
  };
}

export type Deployment = Awaited<ReturnType<typeof postgresDeployment>>;
export type SqliteDeployment = Awaited<ReturnType<typeof sqliteDeployment>>;
export type Instance = Awaited<ReturnType<Deployment["start"]>>;

export const basic = (clientId: string, secret: string) => `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`;

export function form(base: string, path: string, authorization: string, body: Record<string, string>) {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(body).toString(),
  });
}

/** Poll `check` until it returns true; fail after `ms` (a correctness bound, not a performance assertion). */
export async function eventually(check: () => Promise<boolean>, what: string, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not within ${ms} ms: ${what}`);
}
