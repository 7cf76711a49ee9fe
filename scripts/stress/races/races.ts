import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { postgresDeployment, sqliteDeployment } from "../../../e2e/support/instances";
import { haltCluster, startCluster } from "../../pg-cluster.mjs";
import type { Case, Category } from "../summary";
import { ROOT } from "../world";
import { tokenRace } from "./token-race";

export interface RaceOptions {
  sample: boolean;
  port: number;
  workDir: string;
  ownCluster: boolean;
}

/** Item 5: tokens racing rotations and a deactivation, on both databases; owner demotions racing each other. */
export async function runRaces(cat: Category, o: RaceOptions) {
  const clients = o.sample ? 30 : 200;
  // Side by side: the SQLite race needs nothing of PostgreSQL's.
  await Promise.all([
    cat.run(`${clients} token clients during two rotations and a deactivation (PostgreSQL)`, async (c) => {
      const commitTimestamps = await commitTimestampsOn(o.ownCluster);
      if (!commitTimestamps) c.note("track_commit_timestamp is off on this PostgreSQL: the deactivation's commit is bounded by its CLI's exit instead");
      const d = await postgresDeployment("races", { logDir: join(o.workDir, "logs", "races-pg") });
      try {
        await tokenRace(c, d, { port: o.port, clients, commitTimestamps });
      } finally {
        await d.stop();
      }
    }),
    cat.run(`${clients} token clients during two rotations and a deactivation (SQLite)`, async (c) => {
      const dir = join(o.workDir, "races-sqlite");
      mkdirSync(dir, { recursive: true });
      const d = await sqliteDeployment(dir, { logDir: join(o.workDir, "logs", "races-sqlite") });
      try {
        await tokenRace(c, d, { port: o.port + 1, clients, commitTimestamps: false });
      } finally {
        await d.stop();
      }
    }),
  ]);
  // npm test runs the same file on both databases in its vitest steps: a sample leaves it to them.
  if (o.sample) return;
  for (const provider of ["sqlite", "postgresql"] as const) {
    await cat.run(`concurrent owner demotions and removals leave an owner (lib/members/owner-guard.test.ts, ${provider === "sqlite" ? "SQLite" : "PostgreSQL"})`, (c) => ownerGuard(c, provider, o.workDir));
  }
}

/**
 * The deactivation's exact commit time needs track_commit_timestamp. The run
 * turns it on for its own cluster when it starts it (a restart); a server the
 * run did not start is only asked.
 */
export async function commitTimestampsOn(ownCluster: boolean, enable = false): Promise<boolean> {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    if ((await admin.query<{ track_commit_timestamp: string }>("SHOW track_commit_timestamp")).rows[0]!.track_commit_timestamp === "on") return true;
    if (!ownCluster || !enable) return false;
    await admin.query("ALTER SYSTEM SET track_commit_timestamp = on");
  } finally {
    await admin.end();
  }
  await haltCluster();
  await startCluster();
  return true;
}

/** The existing vitest race test (25 rounds of each race), run as it is, its results counted here. */
async function ownerGuard(c: Case, provider: "sqlite" | "postgresql", workDir: string) {
  const report = join(workDir, `owner-guard-${provider}.json`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(join(ROOT, "node_modules", ".bin", "vitest"), ["run", "lib/members/owner-guard.test.ts", "--reporter=json", `--outputFile.json=${report}`], {
      cwd: ROOT,
      env: { ...process.env, TEST_DB: provider, TEST_DATABASE_URL: process.env.TEST_DATABASE_URL },
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.once("exit", resolve);
  });
  const result = JSON.parse(readFileSync(report, "utf8")) as { numPassedTests: number; numFailedTests: number; testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[] };
  c.add({ tried: result.numPassedTests + result.numFailedTests });
  for (const t of result.testResults.flatMap((r) => r.assertionResults)) {
    if (t.status !== "passed") c.fail(`${t.title}: ${t.failureMessages.join(" ").slice(0, 300)}`);
  }
  c.expect(code === 0, `vitest exited with ${code}`);
  c.note(`${result.numPassedTests} race tests passed (25 rounds each)`);
}
