import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { sqliteDeployment, type Instance } from "../../../e2e/support/instances";
import { histogram, isError, sleep, type Load } from "../load";
import type { Case } from "../summary";
import { issueToken, verifyChain } from "../world";
import { FAULT_BOUND_MS, RECOVERY_BOUND_MS } from "./bounds";
import { fillDisk, holdWriteLock, mountReadOnly, mountTmpfs, unmount } from "./system";
import { checkEvents, judgeShots, ORG, prepareTraffic, recovery, seedFaultWorld, startTraffic, type Kind } from "./traffic";

export interface SqliteFaultOptions {
  port: number;
  workDir: string;
  sample: boolean;
}

/** The adapter's patience for another process's write lock (lib/db.ts). */
const BUSY_TIMEOUT_MS = 10_000;

async function finish(c: Case, load: Load, instance: Instance, window: { from: number; to: number }, mustFail: readonly Kind[]) {
  const shots = await load.stop();
  c.add({ tried: 1, requests: shots.length, errors: shots.filter(isError).length });
  c.note(`answers: ${histogram(shots)}; slowest ${Math.max(...shots.map((s) => s.endedAt - s.sentAt))} ms`);
  judgeShots(c, shots, window, mustFail);
  c.expect(instance.child.exitCode === null && instance.child.signalCode === null, "the server process ended");
  return shots;
}

/**
 * Another process holds SQLite's write lock past the busy timeout (as a
 * long CLI command or a backup would): writes answer 503 with Retry-After
 * instead of waiting without end or crashing, reads go on, and service
 * resumes once the lock is released.
 */
export async function sqliteBusy(c: Case, o: SqliteFaultOptions) {
  const dir = join(o.workDir, "faults-busy");
  mkdirSync(dir, { recursive: true });
  const d = await sqliteDeployment(dir, { logDir: join(o.workDir, "logs", "faults-busy") });
  try {
    const world = await seedFaultWorld(d);
    const instance = await d.start(o.port);
    const load = await startTraffic(instance.base, world, await prepareTraffic(instance.base, world, 40));
    await sleep(1_500);
    const { lockedAt, released } = await holdWriteLock(join(dir, "tessera.db"), BUSY_TIMEOUT_MS + 4_000);
    const releasedAt = await released;
    c.note(`write lock held by another process for ${Math.round((releasedAt - lockedAt) / 100) / 10} s (busy timeout ${BUSY_TIMEOUT_MS / 1000} s)`);
    await recovery(c, load, releasedAt, RECOVERY_BOUND_MS);
    const shots = await finish(c, load, instance, { from: lockedAt, to: releasedAt }, ["token", "revoke"]);
    await checkEvents(c, d, world.worker.clientId, shots);
    const verdict = await verifyChain(d, ORG);
    c.expect(verdict.ok, `the audit chain does not verify (first broken #${verdict.firstBrokenSeq})`);
    c.add({ events: verdict.checked });
  } finally {
    await d.stop();
  }
}

/**
 * The database file sits on a read-only file system (a read-only bind
 * mount): the server starts and stays up, every database-backed answer is
 * 503 with Retry-After, liveness holds, and SIGTERM still shuts it down
 * cleanly.
 */
export async function sqliteReadOnly(c: Case, o: SqliteFaultOptions) {
  const rw = join(o.workDir, "faults-readonly", "rw");
  const ro = join(o.workDir, "faults-readonly", "ro");
  mkdirSync(rw, { recursive: true });
  mkdirSync(ro, { recursive: true });
  const logDir = join(o.workDir, "logs", "faults-readonly");
  const writable = await sqliteDeployment(rw, { logDir });
  const world = await seedFaultWorld(writable);
  const first = await writable.start(o.port);
  const prepared = await prepareTraffic(first.base, world, 20);
  first.child.kill("SIGTERM");
  await first.exited;
  const refused = await mountReadOnly(rw, ro);
  if (refused) return c.skip(refused);
  const readOnly = await sqliteDeployment(ro, { logDir, migrate: false });
  try {
    const instance = await readOnly.start(o.port + 1, {}, "/api/health/live");
    const from = Date.now();
    const load = await startTraffic(instance.base, world, prepared);
    await sleep(o.sample ? 4_000 : 10_000);
    const to = Date.now();
    await finish(c, load, instance, { from, to }, ["token", "revoke"]);
    const health = await fetch(`${instance.base}/api/health`);
    c.expect(health.status === 503, `/api/health answered ${health.status} on a read-only database`);
    c.expect((await fetch(`${instance.base}/api/health/live`)).status === 200, "/api/health/live did not answer 200");
    instance.child.kill("SIGTERM");
    const code = await Promise.race([instance.exited, sleep(FAULT_BOUND_MS).then(() => "still running")]);
    c.expect(code === 0, `SIGTERM on a read-only database: the server ${code === "still running" ? "did not exit" : `exited with ${code}`}`);
  } finally {
    await readOnly.stop();
    await writable.stop();
    await unmount(ro);
  }
}

/**
 * The disk fills while tokens are being issued (a small tmpfs, filled to
 * the last byte): the audit batches that cannot be written fail, their
 * requests answer 503, and none succeeds without its event. Freeing the disk
 * brings service back without a restart.
 */
export async function sqliteDiskFull(c: Case, o: SqliteFaultOptions) {
  const dir = join(o.workDir, "faults-full");
  mkdirSync(dir, { recursive: true });
  const refused = await mountTmpfs(dir, "48m");
  if (refused) return c.skip(refused);
  const d = await sqliteDeployment(dir, { logDir: join(o.workDir, "logs", "faults-full") });
  try {
    const world = await seedFaultWorld(d);
    const instance = await d.start(o.port);
    await issueToken(instance.base, world.worker);
    const load = await startTraffic(instance.base, world, await prepareTraffic(instance.base, world, 40));
    await sleep(1_500);
    const fullAt = Date.now();
    const free = fillDisk(dir);
    await load.until((shots) => shots.some((s) => s.kind === "token" && s.sentAt >= fullAt && s.status === 503), "a token request fails while the disk is full", FAULT_BOUND_MS).catch((e: Error) => c.fail(e.message));
    await sleep(o.sample ? 3_000 : 8_000);
    const freedAt = Date.now();
    free();
    c.note(`disk full for ${Math.round((freedAt - fullAt) / 100) / 10} s`);
    await recovery(c, load, freedAt, RECOVERY_BOUND_MS);
    const shots = await finish(c, load, instance, { from: fullAt, to: freedAt }, []);
    const failed = shots.filter((s) => s.kind === "token" && s.status === 503 && s.sentAt >= fullAt && s.endedAt <= freedAt).length;
    c.note(`${failed} token requests answered 503 while the disk was full`);
    await checkEvents(c, d, world.worker.clientId, shots);
    const verdict = await verifyChain(d, ORG);
    c.expect(verdict.ok, `the audit chain does not verify after the disk filled (first broken #${verdict.firstBrokenSeq})`);
    c.add({ events: verdict.checked });
  } finally {
    await d.stop();
    await sleep(500);
    await unmount(dir);
  }
}
