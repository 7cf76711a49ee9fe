import { join } from "node:path";
import { postgresDeployment } from "../../../e2e/support/instances";
import { haltCluster, pauseCluster, resumeCluster, startCluster } from "../../pg-cluster.mjs";
import { histogram, isError, sleep } from "../load";
import type { Case } from "../summary";
import { verifyChain } from "../world";
import { DB_TIMEOUTS, FAULT_BOUND_MS, RECOVERY_BOUND_MS } from "./bounds";
import { checkEvents, judgeShots, KINDS, ORG, prepareTraffic, recovery, seedFaultWorld, startTraffic } from "./traffic";

/**
 * PostgreSQL stops (pg_ctl stop: connections close, new ones are refused)
 * or pauses (SIGSTOP: connections stay open and nothing answers) under load
 * on the token, introspection, revocation and console paths, then comes
 * back. Checks: every request is answered within the bound; while the
 * database is away every answer is 503 with Retry-After (no token issued,
 * no revocation answered 200); every token or revocation answered 200 has
 * its audit event (and revocation row); the same server process serves
 * again once the database is back, and the chain verifies.
 */
export async function postgresOutage(c: Case, o: { fault: "stop" | "pause"; port: number; workDir: string; sample: boolean }) {
  const d = await postgresDeployment(`fault_${o.fault}`, { logDir: join(o.workDir, "logs", `faults-${o.fault}`), env: DB_TIMEOUTS });
  try {
    const world = await seedFaultWorld(d);
    const instance = await d.start(o.port);
    let down = 0;
    let upStart = 0;
    const load = await startTraffic(instance.base, world, await prepareTraffic(instance.base, world, o.sample ? 40 : 150));
    let shots;
    try {
      await sleep(2_000);
      const downStart = Date.now();
      const paused = o.fault === "stop" ? (await haltCluster(), null) : pauseCluster();
      down = Date.now();
      // Longer than the bound, so a request that would hang for good is caught hanging.
      await sleep(o.sample ? FAULT_BOUND_MS + 1_000 : FAULT_BOUND_MS * 2);
      upStart = Date.now();
      if (paused) resumeCluster(paused);
      else await startCluster();
      const up = Date.now();
      c.note(`database ${o.fault === "stop" ? "stopped" : "paused"} for ${Math.round((upStart - downStart) / 100) / 10} s; bound per request ${FAULT_BOUND_MS / 1000} s (DB connect ${DB_TIMEOUTS.TESSERA_DB_CONNECT_TIMEOUT_MS} ms, statement ${DB_TIMEOUTS.TESSERA_DB_QUERY_TIMEOUT_MS} ms)`);
      await recovery(c, load, up, RECOVERY_BOUND_MS);
      await sleep(500);
    } finally {
      // The cluster comes back whatever happened: the next cases need it.
      await startCluster();
      resumeCluster();
      shots = await load.stop();
    }
    c.add({ tried: 1, requests: shots.length, errors: shots.filter(isError).length });
    c.note(`answers: ${histogram(shots)}; slowest ${Math.max(...shots.map((s) => s.endedAt - s.sentAt))} ms`);

    judgeShots(c, shots, { from: down, to: upStart }, KINDS);
    c.expect(instance.child.exitCode === null && instance.child.signalCode === null, "the server process ended");
    await checkEvents(c, d, world.worker.clientId, shots);
    const verdict = await verifyChain(d, ORG);
    c.expect(verdict.ok, `the audit chain does not verify after the outage (first broken #${verdict.firstBrokenSeq})`);
    c.add({ events: verdict.checked });
  } finally {
    await d.stop();
  }
}
