import { describe, expect, it } from "vitest";
import { db } from "../db";
import { closeWindows, flushRepeatedFailures } from "../audit/repeated-failures";
import { drainAuditQueue } from "../audit/audit-batcher";
import { countOccurrences } from "../audit/count-events";
import { orgWithIntrospector, orgWithServiceAccount } from "../testing/service-account-fixtures";
import { formRequest, introspect, revoke, token } from "../testing/oauth-client";
import { fromWebRequest } from "../http/plain-http";
import { handleTokenRequest } from "./token-endpoint";

const cc = { grant_type: "client_credentials" };

describe("denied requests are aggregated (issue 9 item 5)", () => {
  it("10,000 unauthenticated requests leave fewer than 100 new audit rows, and the rows account for every one", { timeout: 180_000 }, async () => {
    const { org, created } = await orgWithServiceAccount();
    // A fixed minute in the future, so no other test's failures share these windows or rows.
    const now = new Date("2031-05-05T10:00:00Z");
    const thisMinute = { occurredAt: { gte: now, lt: new Date(now.getTime() + 60_000) } };
    const kinds = [
      (i: number) => token(cc, { basic: [`sa_invented${i}`, "tss_whatever"], now, ip: "10.50.0.1" }), // unknown ids: one bucket per address
      (i: number) => token(cc, { basic: [created.clientId, `tss_guess${i}`], now, ip: "10.50.0.2" }), // wrong secret, known id
      () => token(cc, { now, ip: "10.50.0.3" }), // no client authentication at all
      (i: number) => token(cc, { basic: [`sa_other${i}`, "x"], now, ip: "2001:db8:50::1" }),
    ];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 10_000; i++) {
      const r = await kinds[i % kinds.length]!(i);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
    expect([...statuses.keys()].every((s) => s === 401 || s === 429)).toBe(true);
    await flushRepeatedFailures();
    await drainAuditQueue();
    const added = await db().auditEvent.count({ where: thisMinute });
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThan(100);
    // Nothing is lost: the aggregated events stand for every refused request.
    const inMinute = { action: "token.denied", ...thisMinute };
    const instance = await countOccurrences({ ...inMinute, orgId: null });
    const inOrg = await countOccurrences({ ...inMinute, orgId: org.id });
    expect(instance + inOrg).toBe(10_000);
    expect(inOrg).toBe(2_500);
  });

  it("records the first failure of a window at once and the rest as one event with metadata.count when the window closes", async () => {
    const { org, created } = await orgWithServiceAccount();
    const t0 = new Date("2031-06-01T12:00:05Z");
    const wrong = (seconds: number) => token(cc, { basic: [created.clientId, "tss_nope"], now: new Date(t0.getTime() + seconds * 1000), ip: "10.51.0.1" });
    await wrong(0);
    const events = () => db().auditEvent.findMany({ where: { orgId: org.id, action: "token.denied" }, orderBy: { seq: "asc" } });
    expect(await events()).toHaveLength(1);
    for (let i = 1; i <= 6; i++) await wrong(i);
    expect(await events()).toHaveLength(1); // the rest wait for the window to close
    await closeWindows(t0.getTime() + 60_000);
    await drainAuditQueue();
    const [first, rest] = await events();
    expect(first).toMatchObject({ reason: "wrong_secret", outcome: "failure", actorId: created.clientId });
    expect(JSON.parse(rest!.metadata!)).toMatchObject({ aggregated: true, count: 6, windowStart: "2031-06-01T12:00:00.000Z", windowEnd: "2031-06-01T12:01:00.000Z" });
    expect(await countOccurrences({ orgId: org.id, action: "token.denied" })).toBe(7);
    // A failure in the next window starts a new one, recorded at once.
    await wrong(60);
    expect(await events()).toHaveLength(3);
  });

  it("records failed client authentication on introspection and revocation (issue 10 item 18)", async () => {
    const { org, introspector, jwt, created } = await orgWithIntrospector();
    expect((await introspect([introspector.clientId, "tss_wrong"], jwt)).status).toBe(401);
    expect((await revoke([created.clientId, "tss_wrong"], jwt)).status).toBe(401);
    await drainAuditQueue();
    const denied = await db().auditEvent.findMany({ where: { orgId: org.id, action: { in: ["introspection.denied", "revocation.denied"] } }, orderBy: { seq: "asc" } });
    expect(denied.map((e) => [e.action, e.actorId, e.reason])).toEqual([
      ["introspection.denied", introspector.clientId, "wrong_secret"],
      ["revocation.denied", created.clientId, "wrong_secret"],
    ]);
    for (const e of denied) expect(e.metadata).not.toContain("tss_wrong");
  });

  it("refuses a body over 64 KiB with 413 before reading it whole", async () => {
    const { created } = await orgWithServiceAccount();
    let pulled = 0;
    const chunk = new Uint8Array(16 * 1024).fill(0x61);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        if (pulled > 10 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = formRequest("/oauth/token", cc, { basic: [created.clientId, created.clientSecret] });
    const streamed = new Request(request.url, { method: "POST", headers: request.headers, body, duplex: "half" } as RequestInit);
    const res = await handleTokenRequest(fromWebRequest(streamed), { clientIp: "10.52.0.1", userAgent: null, requestId: "t" });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body!)).toMatchObject({ error: "invalid_request" });
    expect(pulled).toBeLessThan(256 * 1024);
    // A declared length over the cap is refused without reading anything.
    const declared = new Request(request.url, { method: "POST", headers: { ...Object.fromEntries(request.headers), "content-length": String(10 * 1024 * 1024) }, body: "grant_type=client_credentials" });
    expect((await handleTokenRequest(fromWebRequest(declared), { clientIp: "10.52.0.1", userAgent: null, requestId: "t" })).status).toBe(413);
  });
});
