import { describe, expect, it } from "vitest";
import { db } from "../db";
import { makeOrg, unique } from "../testing/factories";
import { runIdempotent, IDEMPOTENCY_TTL_MS } from "./run-idempotent";
import { pruneIdempotencyRecords } from "./prune-idempotency-records";
import { runAuditMaintenance } from "../audit/run-audit-maintenance";

const SECRET = "tss_THIS_IS_THE_ONLY_COPY_OF_A_SECRET";

async function scopeFor(body: unknown = { name: "a" }) {
  const org = await makeOrg();
  return { orgId: org.id, principal: "service_account:sa_test", key: unique("key"), request: { method: "POST", path: "/api/v1/service-accounts", body } };
}

describe("runIdempotent", () => {
  it("runs once and replays the first response, secret included, to a retry with the same key and body", async () => {
    const scope = await scopeFor();
    let runs = 0;
    const run = async () => ({ status: 201, body: { run: ++runs, clientSecret: SECRET } });
    const first = await runIdempotent(scope, run);
    const retry = await runIdempotent({ ...scope, request: { ...scope.request, body: { name: "a" } } }, run);
    expect(runs).toBe(1);
    expect(first).toEqual({ status: 201, body: { run: 1, clientSecret: SECRET }, replayed: false });
    expect(retry).toEqual({ status: 201, body: { run: 1, clientSecret: SECRET }, replayed: true });
    // Stored encrypted: the secret is nowhere in the row.
    const row = await db().idempotencyRecord.findFirstOrThrow({ where: { orgId: scope.orgId } });
    expect(JSON.stringify(row)).not.toContain(SECRET);
  });

  it("refuses the same key with another body (422), and keeps keys apart per caller", async () => {
    const scope = await scopeFor();
    await runIdempotent(scope, async () => ({ status: 201, body: { n: 1 } }));
    await expect(runIdempotent({ ...scope, request: { ...scope.request, body: { name: "b" } } }, async () => ({ status: 201, body: {} }))).rejects.toMatchObject({
      code: "validation_failed",
      status: 422,
    });
    const other = await runIdempotent({ ...scope, principal: "api_key:k2" }, async () => ({ status: 201, body: { n: 2 } }));
    expect(other).toMatchObject({ body: { n: 2 }, replayed: false });
  });

  it("lets concurrent duplicates create once: the second waits and replays the first", async () => {
    const scope = await scopeFor();
    let runs = 0;
    const run = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 200));
      return { status: 201, body: { created: runs } };
    };
    const results = await Promise.all([runIdempotent(scope, run), runIdempotent(scope, run), runIdempotent(scope, run)]);
    expect(runs).toBe(1);
    expect(results.map((r) => r.body)).toEqual([{ created: 1 }, { created: 1 }, { created: 1 }]);
    expect(results.filter((r) => r.replayed)).toHaveLength(2);
  });

  it("stores nothing when the first attempt fails, so its retry runs afresh", async () => {
    const scope = await scopeFor();
    await expect(runIdempotent(scope, async () => Promise.reject(new Error("database went away")))).rejects.toThrow("database went away");
    const retry = await runIdempotent(scope, async () => ({ status: 201, body: { ok: true } }));
    expect(retry).toMatchObject({ body: { ok: true }, replayed: false });
  });

  it("forgets a response after 24 hours: the maintenance loop deletes it, and a later retry runs again", async () => {
    const scope = await scopeFor();
    const t0 = new Date("2031-01-01T00:00:00Z");
    await runIdempotent(scope, async () => ({ status: 201, body: { n: 1 } }), t0);
    const later = new Date(t0.getTime() + IDEMPOTENCY_TTL_MS + 1);
    expect(await runIdempotent(scope, async () => ({ status: 201, body: { n: 2 } }), later)).toMatchObject({ body: { n: 2 }, replayed: false });
    expect(await pruneIdempotencyRecords(new Date(later.getTime() + IDEMPOTENCY_TTL_MS + 1))).toBeGreaterThanOrEqual(1);
    // Recorded long enough ago to have expired by now: maintenance at the real time removes it. (A
    // maintenance run at a future time would also apply every organisation's retention early.)
    await runIdempotent({ ...scope, key: unique("key") }, async () => ({ status: 201, body: {} }), new Date(Date.now() - 3 * IDEMPOTENCY_TTL_MS));
    // Another test file's maintenance run on the same database may delete it first, so the
    // report's count is not asserted; that it is gone after a run is.
    await runAuditMaintenance();
    expect(await db().idempotencyRecord.count({ where: { orgId: scope.orgId } })).toBe(0);
  });
});
