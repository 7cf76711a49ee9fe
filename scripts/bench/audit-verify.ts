// `npm run bench:audit`: build an untouched chain of 100,000 events (or
// BENCH_EVENTS) in one organisation and time `verifyAuditChain` over it.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { migrateDatabase } from "../../prisma/tools/migrate";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? `file:${join(process.cwd(), ".tmp", "bench-audit", `audit-${Date.now()}.db`)}`;
process.env.TESSERA_SECRET ??= "bench-secret-bench-secret-bench-secret-0123456789";
mkdirSync(join(process.cwd(), ".tmp", "bench-audit"), { recursive: true });
await migrateDatabase(process.env.DATABASE_URL);
const { transaction } = await import("../../lib/db");
const { createOrganization } = await import("../../lib/orgs/create-organization");
const { recordAuditEvents } = await import("../../lib/audit/record-audit-event");
const { verifyAuditChain } = await import("../../lib/audit/verify-audit-chain");
const { cliActor, systemActor } = await import("../../lib/audit/types");
const { signAuditCheckpoint } = await import("../../lib/audit/audit-checkpoint");

const org = await createOrganization(cliActor(), { slug: "audit-bench", name: "Audit bench" });
let t = performance.now();
for (let done = 1; done < EVENTS; done += 5_000) {
  const n = Math.min(5_000, EVENTS - done);
  await transaction((tx) =>
    recordAuditEvents(tx, Array.from({ length: n }, (_, i) => ({ orgId: org.id, action: "token.issued", actor: systemActor, metadata: { i: done + i } }))),
  );
}
console.log(`wrote ${EVENTS} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
t = performance.now();
const result = await verifyAuditChain(cliActor(), "audit-bench");
const seconds = (since: number) => Number(((performance.now() - since) / 1000).toFixed(1));
console.log(JSON.stringify({ step: "verify", ...result, seconds: seconds(t) }));
// The first checkpoint verifies the whole chain before signing; afterwards verification reports it as the anchor.
t = performance.now();
const checkpoint = await signAuditCheckpoint(systemActor, org.id);
console.log(JSON.stringify({ step: "first checkpoint", seq: checkpoint?.seq, seconds: seconds(t) }));
t = performance.now();
const anchored = await verifyAuditChain(cliActor(), "audit-bench");
console.log(JSON.stringify({ step: "verify again", ok: anchored.ok, checked: anchored.checked, anchor: anchored.anchor?.seq, unanchored: anchored.unanchored, seconds: seconds(t) }));
console.log(`peak RSS of this process (seeding included): ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
process.exit(result.ok && result.checked === EVENTS && anchored.ok && anchored.anchor?.seq === EVENTS ? 0 : 1);
