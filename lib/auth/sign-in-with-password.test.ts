import { describe, expect, it } from "vitest";
import { db } from "../db";
import { makeOrg, makeUser, TEST_PASSWORD, unique } from "../testing/factories";
import { SIGN_IN_LIMIT_PER_EMAIL, SIGN_IN_LIMIT_PER_IP, SIGN_IN_WINDOW_MS, signInWithPassword } from "./sign-in-with-password";

const ip = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

describe("password sign-in", () => {
  it("accepts the right password and records the sign-in", async () => {
    const user = await makeUser();
    const result = await signInWithPassword({ email: user.email.toUpperCase(), password: TEST_PASSWORD }, { clientIp: ip() });
    expect(result).toMatchObject({ ok: true, user: { id: user.id } });
    const events = await db().auditEvent.findMany({ where: { actorId: user.id, action: "user.signed_in" } });
    expect(events.map((e) => e.outcome)).toEqual(["success"]);
    expect(events[0]!.metadata).not.toContain(TEST_PASSWORD);
  });

  it("records a member's sign-ins in every organisation they belong to, an unknown email's in the instance trail", async () => {
    const user = await makeUser();
    const [a, b] = [await makeOrg([{ userId: user.id, role: "REVIEWER" }]), await makeOrg([{ userId: user.id, role: "OWNER" }])];
    const outsider = await makeOrg();
    await signInWithPassword({ email: user.email, password: TEST_PASSWORD }, { clientIp: ip() });
    await signInWithPassword({ email: user.email, password: "wrong password!" }, { clientIp: ip() });
    const events = await db().auditEvent.findMany({ where: { actorLabel: user.email, action: "user.signed_in" }, orderBy: { occurredAt: "asc" } });
    expect(events.map((e) => [e.orgId, e.outcome]).sort()).toEqual(
      [[a.id, "success"], [b.id, "success"], [a.id, "failure"], [b.id, "failure"]].sort(),
    );
    expect(events.some((e) => e.orgId === outsider.id)).toBe(false);
    const unknownEmail = `${unique("nobody")}@example.test`;
    await signInWithPassword({ email: unknownEmail, password: "whatever" }, { clientIp: ip() });
    const unknown = await db().auditEvent.findFirstOrThrow({ where: { actorLabel: unknownEmail } });
    expect(unknown).toMatchObject({ orgId: null, chainKey: "instance", outcome: "failure" });
  });

  it("refuses a wrong password and an unknown email alike, and records both", async () => {
    const user = await makeUser();
    const wrong = await signInWithPassword({ email: user.email, password: "wrong password!" }, { clientIp: ip() });
    const unknownEmail = `${unique("nobody")}@example.test`;
    const unknown = await signInWithPassword({ email: unknownEmail, password: "whatever" }, { clientIp: ip() });
    expect(wrong).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(unknown).toEqual({ ok: false, reason: "invalid_credentials" });
    const failures = await db().auditEvent.findMany({
      where: { action: "user.signed_in", outcome: "failure", actorLabel: { in: [user.email, unknownEmail] } },
    });
    expect(failures).toHaveLength(2);
    expect(JSON.stringify(failures)).not.toContain("wrong password!");
  });

  it("throttles an email after repeated failures, then lets the real user back in after the window", async () => {
    const user = await makeUser();
    const t0 = new Date("2031-01-01T00:00:00Z");
    for (let i = 0; i < SIGN_IN_LIMIT_PER_EMAIL; i++) {
      const r = await signInWithPassword({ email: user.email, password: "nope" }, { clientIp: ip(), now: t0 });
      expect(r.ok).toBe(false);
    }
    const blocked = await signInWithPassword({ email: user.email, password: TEST_PASSWORD }, { clientIp: ip(), now: t0 });
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    if (!blocked.ok && blocked.reason === "throttled") expect(blocked.retryAfterSeconds).toBeGreaterThan(0);

    const later = new Date(t0.getTime() + SIGN_IN_WINDOW_MS);
    const back = await signInWithPassword({ email: user.email, password: TEST_PASSWORD }, { clientIp: ip(), now: later });
    expect(back.ok).toBe(true);
  });

  it("throttles one address trying many emails without affecting other addresses", async () => {
    const attacker = ip();
    const t0 = new Date("2031-02-01T00:00:00Z");
    for (let i = 0; i < SIGN_IN_LIMIT_PER_IP; i++) {
      await signInWithPassword({ email: `${unique("spray")}@example.test`, password: "x" }, { clientIp: attacker, now: t0 });
    }
    const victim = await makeUser();
    const fromAttacker = await signInWithPassword({ email: victim.email, password: TEST_PASSWORD }, { clientIp: attacker, now: t0 });
    expect(fromAttacker).toMatchObject({ ok: false, reason: "throttled" });
    const fromElsewhere = await signInWithPassword({ email: victim.email, password: TEST_PASSWORD }, { clientIp: ip(), now: t0 });
    expect(fromElsewhere.ok).toBe(true);
  });

  it("verifies at most 5 of 200 parallel wrong passwords for one email, then lets the real user in after the window", async () => {
    const user = await makeUser();
    const t0 = new Date("2031-03-01T00:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => signInWithPassword({ email: user.email, password: `guess ${i}` }, { clientIp: ip(), now: t0 })),
    );
    // "invalid_credentials" is only answered after the password was verified.
    const verified = results.filter((r) => !r.ok && r.reason === "invalid_credentials");
    const throttled = results.filter((r) => !r.ok && r.reason === "throttled");
    expect(verified.length).toBeGreaterThan(0);
    expect(verified.length).toBeLessThanOrEqual(SIGN_IN_LIMIT_PER_EMAIL);
    expect(verified.length + throttled.length).toBe(200);
    const blocked = await signInWithPassword({ email: user.email, password: TEST_PASSWORD }, { clientIp: ip(), now: t0 });
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });

    const back = await signInWithPassword({ email: user.email, password: TEST_PASSWORD }, { clientIp: ip(), now: new Date(t0.getTime() + SIGN_IN_WINDOW_MS) });
    expect(back.ok).toBe(true);
  });

  it("verifies at most 50 of 200 parallel guesses from one address across many emails", async () => {
    const attacker = ip();
    const t0 = new Date("2031-04-01T00:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 200 }, () => signInWithPassword({ email: `${unique("spray")}@example.test`, password: "x" }, { clientIp: attacker, now: t0 })),
    );
    const verified = results.filter((r) => !r.ok && r.reason === "invalid_credentials").length;
    expect(verified).toBeGreaterThan(0);
    expect(verified).toBeLessThanOrEqual(SIGN_IN_LIMIT_PER_IP);
  });

  it("does not spend an email's attempts on requests its address was throttled for, and a success gives the address's attempt back", async () => {
    const user = await makeUser();
    const attacker = ip();
    const t0 = new Date("2031-05-01T00:00:00Z");
    for (let i = 0; i < SIGN_IN_LIMIT_PER_IP; i++) {
      await signInWithPassword({ email: `${unique("spray")}@example.test`, password: "x" }, { clientIp: attacker, now: t0 });
    }
    for (let i = 0; i < SIGN_IN_LIMIT_PER_EMAIL + 2; i++) {
      const r = await signInWithPassword({ email: user.email, password: "wrong" }, { clientIp: attacker, now: t0 });
      expect(r).toMatchObject({ ok: false, reason: "throttled" });
    }
    // The email's own window is untouched by the refused requests above.
    const home = ip();
    expect((await signInWithPassword({ email: user.email, password: TEST_PASSWORD }, { clientIp: home, now: t0 })).ok).toBe(true);
    for (let i = 0; i < SIGN_IN_LIMIT_PER_IP - 1; i++) {
      await signInWithPassword({ email: `${unique("typo")}@example.test`, password: "x" }, { clientIp: home, now: t0 });
    }
    // 49 failures plus one success from this address: the success was given back, so one more attempt is verified.
    const last = await signInWithPassword({ email: `${unique("typo")}@example.test`, password: "x" }, { clientIp: home, now: t0 });
    expect(last).toEqual({ ok: false, reason: "invalid_credentials" });
  });
});
