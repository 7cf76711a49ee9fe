// Fresh databases for one benchmark run: SQLite files under .tmp/bench/, or
// with --postgres a throwaway cluster (scripts/pg-cluster.mjs, port from
// PGPORT_TESSERA) holding one database for Tessera and one for the yardstick.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { clusterDir, clusterUrl, startCluster, stopCluster } from "../pg-cluster.mjs";

async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function recreate(serverUrl, name) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Resolves to {tessera, yardstick} database URLs, `dbPid()` (the postmaster,
 * whose process tree is the database's CPU; null for SQLite or a server we
 * did not start) and `close()`, which stops a cluster only if this run started it.
 */
export async function prepareDatabases({ postgres, dir }) {
  if (!postgres) {
    return { tessera: `file:${join(dir, "tessera.db")}`, yardstick: `file:${join(dir, "yardstick.db")}`, dbPid: () => null, close: async () => {} };
  }
  const external = process.env.TEST_DATABASE_URL;
  const started = !external && !(await answers(clusterUrl()));
  const server = external ?? (await startCluster());
  const pidFile = join(clusterDir(), "postmaster.pid");
  return {
    tessera: await recreate(server, "tessera_bench"),
    yardstick: await recreate(server, "yardstick_bench"),
    dbPid: () => (!external && existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").split("\n")[0]) : null),
    close: async () => {
      if (started) await stopCluster();
    },
  };
}
