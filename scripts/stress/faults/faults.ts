import type { Category } from "../summary";
import { postgresOutage } from "./postgres-outage";
import { sqliteBusy, sqliteDiskFull, sqliteReadOnly } from "./sqlite-faults";

export interface FaultOptions {
  sample: boolean;
  port: number;
  workDir: string;
  /** Whether the PostgreSQL cluster is this run's own (only then may it be stopped and paused). */
  ownCluster: boolean;
  /** A sample runs one PostgreSQL fault and one SQLite fault, chosen by the seed (so every run's choice can be replayed). */
  seed: number;
}

const POSTGRES_FAULTS = ["stop", "pause"] as const;
const SQLITE_FAULTS = ["busy", "read-only", "disk full"] as const;

/** The faults a run exercises: all of them, or in a sample one of each kind, rotating with the seed. */
export function chosenFaults(o: Pick<FaultOptions, "sample" | "seed">) {
  if (!o.sample) return { postgres: [...POSTGRES_FAULTS], sqlite: [...SQLITE_FAULTS] };
  return { postgres: [POSTGRES_FAULTS[o.seed % POSTGRES_FAULTS.length]!], sqlite: [SQLITE_FAULTS[o.seed % SQLITE_FAULTS.length]!] };
}

/**
 * Item 4: the database goes away under load, in every way it can. The
 * PostgreSQL cases take turns on the run's cluster; the SQLite ones, each on
 * its own file and port, run beside them.
 */
export async function runFaults(cat: Category, o: FaultOptions) {
  const chosen = chosenFaults(o);
  const postgres = async () => {
    for (const fault of chosen.postgres) {
      await cat.run(`PostgreSQL ${fault === "stop" ? "stopped" : "paused (SIGSTOP)"} under load, then back`, async (c) => {
        if (!o.ownCluster) return c.skip("TEST_DATABASE_URL points at a PostgreSQL this run did not start; unset it to let the run start (and stop) its own");
        await postgresOutage(c, { fault, port: o.port, workDir: o.workDir, sample: o.sample });
      });
    }
  };
  const sqlite = async () => {
    const options = (port: number) => ({ port, workDir: o.workDir, sample: o.sample });
    if (chosen.sqlite.includes("busy")) await cat.run("SQLite write lock held by another process past the busy timeout", (c) => sqliteBusy(c, options(o.port + 1)));
    if (chosen.sqlite.includes("read-only")) await cat.run("SQLite database on a read-only file system", (c) => sqliteReadOnly(c, options(o.port + 2)));
    if (chosen.sqlite.includes("disk full")) await cat.run("SQLite disk fills during audit batches (tmpfs)", (c) => sqliteDiskFull(c, options(o.port + 4)));
  };
  await Promise.all([postgres(), sqlite()]);
}
