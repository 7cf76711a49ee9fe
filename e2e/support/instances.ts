import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const ROOT = join(import.meta.dirname, "..", "..");
const run = promisify(execFile);

/**
 * Real Tessera server processes (dist/server.mjs) on one throwaway
 * PostgreSQL database, as several instances behind a load balancer would run:
 * same TESSERA_SECRET and issuer, each its own port. Needs TEST_DATABASE_URL
 * (npm test provides it); a missing PostgreSQL fails, it never skips.
 */
export async function postgresDeployment(name: string) {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) throw new Error("this spec needs PostgreSQL: set TEST_DATABASE_URL (npm test starts a throwaway cluster)");
  const database = `tessera_e2e_${name}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${database}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url.toString(),
    TESSERA_SECRET: "instances-secret-instances-secret-0123456789",
    TESSERA_ISSUER: "http://tessera.e2e",
    TESSERA_SKIP_DOTENV: "1",
    TESSERA_AUDIT_MAINTENANCE_SECONDS: "0",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    TESSERA_LOG_LEVEL: "warn",
  };
  await run(process.execPath, ["dist/migrate.mjs"], { cwd: ROOT, env });
  const processes: ChildProcess[] = [];

  return {
    databaseUrl: url.toString(),
    /** The real CLI against this database (asynchronously: a blocked event loop breaks keep-alive clients). */
    async cli(args: string[]): Promise<unknown> {
      const { stdout } = await run(process.execPath, ["bin/tessera.mjs", ...args, "--json"], { cwd: ROOT, env });
      return stdout.trim() ? JSON.parse(stdout) : null;
    },
    async sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      try {
        return (await c.query<T>(text, values)).rows;
      } finally {
        await c.end();
      }
    },
    /** Start one instance; resolves once it answers /api/health. */
    async start(port: number) {
      // Another spec's server on this port would answer the health check below for us.
      const taken = await fetch(`http://127.0.0.1:${port}/api/health`).then(() => true, () => false);
      if (taken) throw new Error(`port ${port} is already in use: give each spec its own ports`);
      const child: ChildProcess = spawn(process.execPath, ["dist/server.mjs"], {
        cwd: ROOT,
        env: { ...env, PORT: String(port), HOST: "127.0.0.1", AUTH_URL: `http://localhost:${port}` },
        stdio: ["ignore", "ignore", "inherit"],
      });
      processes.push(child);
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        if (child.exitCode !== null) throw new Error(`instance on ${port} exited (${child.exitCode})`);
        try {
          if ((await fetch(`${base}/api/health`)).ok) break;
        } catch {
          // not listening yet
        }
        if (i > 240) throw new Error(`instance on ${port} did not start`);
        await new Promise((r) => setTimeout(r, 500));
      }
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      return { base, child, exited };
    },
    async stop() {
      for (const p of processes) if (p.exitCode === null) p.kill("SIGKILL");
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export type Deployment = Awaited<ReturnType<typeof postgresDeployment>>;

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
