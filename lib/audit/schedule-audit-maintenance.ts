import { env } from "../env";
import { runAuditMaintenance } from "./run-audit-maintenance";

const started = Symbol.for("tessera.auditMaintenance");
const FIRST_RUN_MS = 30_000;

/**
 * Run the audit maintenance every TESSERA_AUDIT_MAINTENANCE_SECONDS in this
 * server process. Several instances may run it at once: signing is
 * idempotent and pruning only ever removes what a checkpoint covers.
 */
export function scheduleAuditMaintenance() {
  const seconds = env().TESSERA_AUDIT_MAINTENANCE_SECONDS;
  const g = globalThis as { [started]?: boolean };
  if (!seconds || g[started]) return;
  g[started] = true;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const report = await runAuditMaintenance();
      for (const f of report.failed) console.error(`[tessera] audit maintenance: chain ${f.chainKey}: ${f.error}`);
      for (const p of report.pruned) console.log(`[tessera] audit retention: pruned ${p.count} events of organisation ${p.orgId}`);
    } catch (e) {
      console.error("[tessera] audit maintenance failed", e);
    } finally {
      running = false;
    }
  };
  setTimeout(() => void tick(), Math.min(FIRST_RUN_MS, seconds * 1000)).unref();
  setInterval(() => void tick(), seconds * 1000).unref();
}
