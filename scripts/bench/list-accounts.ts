// `npm run bench:list`: the service-account list with 10,000 accounts in one
// organisation (3,000 holding a scope, 7 audiences): query time per page,
// search, filter and sort, measured through listServiceAccounts itself.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { migrateDatabase } from "../../prisma/tools/migrate";
process.env.DATABASE_URL = process.env.BENCH_DATABASE_URL ?? `file:${join(process.cwd(), ".tmp", "bench-list", `list-${Date.now()}.db`)}`;
process.env.TESSERA_SECRET = "prof-secret-prof-secret-prof-secret-0123456";
mkdirSync(join(process.cwd(), ".tmp", "bench-list"), { recursive: true });
await migrateDatabase(process.env.DATABASE_URL);
const { db } = await import("../../lib/db");
const { createOrganization } = await import("../../lib/orgs/create-organization");
const { createScope } = await import("../../lib/scopes/create-scope");
const { listServiceAccounts } = await import("../../lib/service-accounts/list-service-accounts");
const { cliActor } = await import("../../lib/audit/types");
const org = await createOrganization(cliActor(), { slug: "big", name: "Big" });
const scope = await createScope(cliActor(), "big", { name: "data:read" });
const N = 10_000;
for (let i = 0; i < N; i += 1000) {
  await db().serviceAccount.createMany({
    data: Array.from({ length: 1000 }, (_, j) => ({
      orgId: org.id, clientId: `sa_${String(i + j).padStart(20, "0")}`, name: `job-${String(i + j).padStart(5, "0")}`,
      audiences: JSON.stringify([`https://api${(i + j) % 7}.example.com`]),
    })),
  });
}
const ids = await db().serviceAccount.findMany({ where: { orgId: org.id }, select: { id: true }, take: 3000 });
await db().serviceAccountScope.createMany({ data: ids.map((a) => ({ serviceAccountId: a.id, scopeId: scope.id })) });
async function time(name: string, q: Parameters<typeof listServiceAccounts>[2]) {
  await listServiceAccounts(cliActor(), "big", q);
  const t = performance.now();
  const r = await listServiceAccounts(cliActor(), "big", q);
  console.log(name.padEnd(36), (performance.now() - t).toFixed(1), "ms", `(total ${r.total}, rows ${r.rows.length})`);
}
await time("first page, by name", {});
await time("page 300 of 25", { page: 300 });
await time("search 'job-09'", { q: "job-09" });
await time("filter scope data:read", { scope: "data:read" });
await time("filter audience api3", { audience: "https://api3.example.com" });
await time("sort lastUsedAt desc, page 100", { sort: "lastUsedAt", dir: "desc", page: 100 });
