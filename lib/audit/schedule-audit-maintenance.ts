import { env } from "../env";
import { schedulePeriodic } from "../schedule-periodic";
import { runAuditMaintenance } from "./run-audit-maintenance";

/**
 * Run the audit maintenance every TESSERA_AUDIT_MAINTENANCE_SECONDS in this
 * server process. Several instances may run it at once: signing is
 * idempotent and pruning only ever removes what a checkpoint covers.
 */
export function scheduleAuditMaintenance() {
  schedulePeriodic("audit maintenance", env().TESSERA_AUDIT_MAINTENANCE_SECONDS, 30_000, async () => {
    const report = await runAuditMaintenance();
    for (const f of report.failed) console.error(`[tessera] audit maintenance: chain ${f.chainKey}: ${f.error}`);
    for (const p of report.pruned) console.log(`[tessera] audit retention: pruned ${p.count} events of organisation ${p.orgId}`);
  });
}
