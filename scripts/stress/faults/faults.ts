import type { Category } from "../summary";
import { postgresOutage } from "./postgres-outage";
import { sqliteBusy, sqliteDiskFull, sqliteReadOnly } from "./sqlite-faults";

export interface FaultOptions {
  sample: boolean;
  port: number;
  workDir: string;
  /** Whether the PostgreSQL cluster is this run's own (only then may it be stopped and paused). */
  ownCluster: boolean;
}

/**
 * Item 4: the database goes away under load, in every way it can. The
 * PostgreSQL cases take turns on the run's cluster; the SQLite ones, each on
 * its own file and port, run beside them.
 */
export async function runFaults(cat: Category, o: FaultOptions) {
  const postgres = async () => {
    for (const fault of ["stop", "pause"] as const) {
      await cat.run(`PostgreSQL ${fault === "stop" ? "stopped" : "paused (SIGSTOP)"} under load, then back`, async (c) => {
        if (!o.ownCluster) return c.skip("TEST_DATABASE_URL points at a PostgreSQL this run did not start; unset it to let the run start (and stop) its own");
        await postgresOutage(c, { fault, port: o.port, workDir: o.workDir, sample: o.sample });
      });
    }
  };
  const sqlite = async () => {
    const options = (port: number) => ({ port, workDir: o.workDir, sample: o.sample });
    await cat.run("SQLite write lock held by another process past the busy timeout", (c) => sqliteBusy(c, options(o.port + 1)));
    await cat.run("SQLite database on a read-only file system", (c) => sqliteReadOnly(c, options(o.port + 2)));
    await cat.run("SQLite disk fills during audit batches (tmpfs)", (c) => sqliteDiskFull(c, options(o.port + 4)));
  };
  await Promise.all([postgres(), sqlite()]);
}
