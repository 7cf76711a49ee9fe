import { describe, expect, it } from "vitest";
import { db } from "../db";
import { makeOrg } from "../testing/factories";
import { drainAuditQueue } from "./audit-batcher";
import { FAILURE_WINDOW_MS, flushRepeatedFailures, recordRepeatedFailure } from "./repeated-failures";
import { systemActor } from "./types";

describe("repeated failures, aggregated per minute", () => {
  it("loses no failure when several arrive at once as a new window opens", async () => {
    const org = await makeOrg();
    const key = { action: "token.denied", clientId: null, address: `198.51.100.${Math.floor(Math.random() * 250)}`, reason: "wrong_secret" };
    const at = (t: number) => ({ orgId: org.id, occurredAt: new Date(t), action: "token.denied" as const, outcome: "failure" as const, reason: "wrong_secret", actor: systemActor });
    const window = Math.floor(Date.now() / FAILURE_WINDOW_MS) * FAILURE_WINDOW_MS;
    // Two failures in one window, then four together in the next, as concurrent requests bring them.
    await recordRepeatedFailure(at(window - 2_000), key);
    await recordRepeatedFailure(at(window - 1_000), key);
    await Promise.all([1, 2, 3, 4].map((i) => recordRepeatedFailure(at(window + i), key)));
    await flushRepeatedFailures();
    await drainAuditQueue();
    const events = await db().auditEvent.findMany({ where: { orgId: org.id, action: "token.denied" } });
    const recorded = events.reduce((n, e) => {
      const meta = JSON.parse(e.metadata ?? "{}") as { aggregated?: boolean; count?: number };
      return n + (meta.aggregated ? meta.count! : 1);
    }, 0);
    expect(recorded).toBe(6);
  });
});
