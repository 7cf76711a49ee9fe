import { describe, expect, it } from "vitest";
import { db } from "../db";
import { sha256Hex } from "../crypto/random";
import { makeUser } from "../testing/factories";
import { createSession, endAllSessionsOfUser, endSession, resolveSession } from "./sessions";

const HOUR = 3_600_000;
const policy = { idleMs: 8 * HOUR, absoluteMs: 7 * 24 * HOUR, touchEveryMs: 60_000 };

describe("console sessions", () => {
  it("uses at least 128 bits of CSPRNG entropy per token and stores only its hash", async () => {
    const user = await makeUser();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => createSession(user.id, { policy })));
    for (const token of tokens) {
      const raw = Buffer.from(token, "base64url");
      expect(raw.length * 8).toBeGreaterThanOrEqual(128);
      expect(raw.length).toBe(32);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    const rows = await db().session.findMany({ where: { userId: user.id } });
    const stored = JSON.stringify(rows);
    for (const token of tokens) expect(stored).not.toContain(token);
    expect(rows.map((r) => r.tokenHash).sort()).toEqual(tokens.map(sha256Hex).sort());
  });

  it("ends after the idle timeout, and activity keeps it alive", async () => {
    const user = await makeUser();
    const t0 = new Date("2030-01-01T00:00:00Z");
    const token = await createSession(user.id, { now: t0, policy });
    const at = (ms: number) => new Date(t0.getTime() + ms);
    expect(await resolveSession(token, { now: at(7 * HOUR), policy })).not.toBeNull(); // touches lastSeenAt
    expect(await resolveSession(token, { now: at(14 * HOUR), policy })).not.toBeNull(); // 7 h idle: fine
    expect(await resolveSession(token, { now: at(22 * HOUR + 1), policy })).toBeNull(); // 8 h idle: over
    // and it cannot come back
    expect(await resolveSession(token, { now: at(14 * HOUR), policy })).toBeNull();
  });

  it("ends at the absolute lifetime even when used constantly", async () => {
    const user = await makeUser();
    const t0 = new Date("2030-02-01T00:00:00Z");
    const token = await createSession(user.id, { now: t0, policy });
    for (let h = 1; h < 7 * 24; h += 6) {
      expect(await resolveSession(token, { now: new Date(t0.getTime() + h * HOUR), policy })).not.toBeNull();
    }
    expect(await resolveSession(token, { now: new Date(t0.getTime() + 7 * 24 * HOUR), policy })).toBeNull();
  });

  it("sign-out ends the session server-side", async () => {
    const user = await makeUser();
    const a = await createSession(user.id, { policy });
    const b = await createSession(user.id, { policy });
    await endSession(a);
    expect(await resolveSession(a, { policy })).toBeNull();
    expect(await resolveSession(b, { policy })).not.toBeNull();
    await endAllSessionsOfUser(user.id);
    expect(await resolveSession(b, { policy })).toBeNull();
  });

  it("refuses unknown and absurd tokens", async () => {
    expect(await resolveSession("not-a-token", { policy })).toBeNull();
    expect(await resolveSession("x".repeat(5000), { policy })).toBeNull();
  });

  it("moves the cookie's expiry with activity, to the idle deadline, never past the absolute end", async () => {
    const user = await makeUser();
    const t0 = new Date("2030-03-01T00:00:00Z");
    const token = await createSession(user.id, { now: t0, policy });
    const at = (ms: number) => new Date(t0.getTime() + ms);

    // Within the touch interval nothing is written, and the cookie need not move.
    expect(await resolveSession(token, { now: at(30_000), policy })).toMatchObject({ renewed: false, cookieExpiresAt: at(8 * HOUR) });
    // Activity later on: lastSeenAt moves, and so must the cookie.
    expect(await resolveSession(token, { now: at(2 * HOUR), policy })).toMatchObject({ renewed: true, cookieExpiresAt: at(10 * HOUR) });
    expect((await db().session.findFirstOrThrow({ where: { tokenHash: sha256Hex(token) } })).lastSeenAt).toEqual(at(2 * HOUR));
    // Close to the absolute lifetime the cookie stops at it.
    for (let h = 8; h < 7 * 24 - 2; h += 7) await resolveSession(token, { now: at(h * HOUR), policy });
    const late = await resolveSession(token, { now: at((7 * 24 - 2) * HOUR), policy });
    expect(late).toMatchObject({ renewed: true, cookieExpiresAt: at(7 * 24 * HOUR) });
  });
});
