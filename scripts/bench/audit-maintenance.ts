// The audit maintenance the benchmark holds off while it measures (it would
// land in whichever scenario runs 30 s after Tessera starts), run once after
// the runs against Tessera's database, timed on its own:
//   node --import tsx scripts/bench/audit-maintenance.ts OUT.json
// with DATABASE_URL and TESSERA_SECRET set as for the server. It verifies the
// events written since the last checkpoint and signs a new one: work every
// audited request causes, later, off its hot path.
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { db, disconnectDb } from "../../lib/db";
import { runAuditMaintenance } from "../../lib/audit/run-audit-maintenance";

const [out] = process.argv.slice(2);
const checkpointedThrough = async () => {
  const chains = await db().auditChain.findMany({ select: { key: true } });
  let covered = 0;
  for (const { key } of chains) covered += (await db().auditCheckpoint.findFirst({ where: { chainKey: key }, orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0;
  return covered;
};
const before = await checkpointedThrough();
const cpu = process.cpuUsage();
const started = performance.now();
const report = await runAuditMaintenance();
const cpuMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpu));
const seconds = (performance.now() - started) / 1000;
const events = (await checkpointedThrough()) - before;
await disconnectDb();
writeFileSync(out!, JSON.stringify({ events, cpuMs, seconds, checkpointed: report.checkpointed.length, failures: report.failed }));
for (const f of report.failed) console.error(`audit maintenance: ${f.chainKey}: ${f.error}`);
if (report.failed.length) process.exitCode = 1;
