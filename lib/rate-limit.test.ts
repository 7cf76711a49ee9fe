import { describe, expect, it } from "vitest";
import { db } from "./db";
import { unique } from "./testing/factories";
import { hitRateLimit, peekRateLimit, refundRateLimits, reserveRateLimits, type RateLimitRule } from "./rate-limit";

const MINUTE = 60_000;
const rule = (limit = 5): RateLimitRule => ({ key: unique("rl"), limit, windowMs: 15 * MINUTE });
const reservedCount = (results: Awaited<ReturnType<typeof reserveRateLimits>>[]) => results.filter((r) => r.reserved).length;

describe("rate-limit reservations", () => {
  it("grants exactly `limit` of many parallel first attempts on a new key", async () => {
    const r = rule(5);
    const now = new Date("2032-01-01T00:00:00Z");
    const results = await Promise.all(Array.from({ length: 60 }, () => reserveRateLimits([r], now)));
    expect(reservedCount(results)).toBe(5);
    const bucket = await db().rateLimitBucket.findUniqueOrThrow({ where: { key: r.key } });
    expect(bucket.count).toBe(5);
    const refused = results.find((x) => !x.reserved);
    expect(refused).toEqual({ reserved: false, retryAfterSeconds: 15 * 60 });
  });

  it("gives an attempt back on refund, and a window ends by itself", async () => {
    const r = rule(2);
    const t0 = new Date("2032-02-01T00:00:00Z");
    const first = await reserveRateLimits([r], t0);
    const second = await reserveRateLimits([r], t0);
    expect([first.reserved, second.reserved]).toEqual([true, true]);
    expect((await reserveRateLimits([r], t0)).reserved).toBe(false);
    if (first.reserved) await refundRateLimits(first.reservations);
    expect((await reserveRateLimits([r], t0)).reserved).toBe(true);
    expect((await reserveRateLimits([r], t0)).reserved).toBe(false);

    const nextWindow = new Date(t0.getTime() + 15 * MINUTE);
    const results = await Promise.all(Array.from({ length: 20 }, () => reserveRateLimits([r], nextWindow)));
    expect(reservedCount(results)).toBe(2);
  });

  it("never refunds into a window that restarted after the reservation", async () => {
    const r = rule(1);
    const t0 = new Date("2032-03-01T00:00:00Z");
    const old = await reserveRateLimits([r], t0);
    const later = new Date(t0.getTime() + 16 * MINUTE);
    expect((await reserveRateLimits([r], later)).reserved).toBe(true);
    if (old.reserved) await refundRateLimits(old.reservations);
    expect((await reserveRateLimits([r], later)).reserved).toBe(false);
  });

  it("takes all rules or none: an exhausted rule gives back the attempts taken from the others", async () => {
    const open = rule(10);
    const full = rule(1);
    const now = new Date("2032-04-01T00:00:00Z");
    expect((await reserveRateLimits([full], now)).reserved).toBe(true);
    for (let i = 0; i < 5; i++) expect((await reserveRateLimits([open, full], now)).reserved).toBe(false);
    expect(await peekRateLimit(open, now)).toMatchObject({ count: 0, limited: false });
  });

  it("shares counters with hitRateLimit and peekRateLimit, which behave as before", async () => {
    const r = rule(3);
    const now = new Date("2032-05-01T00:00:00Z");
    expect(await hitRateLimit(r, now)).toBe(1);
    expect(await hitRateLimit(r, now)).toBe(2);
    expect(await peekRateLimit(r, now)).toMatchObject({ limited: false, count: 2 });
    expect((await reserveRateLimits([r], now)).reserved).toBe(true);
    expect(await peekRateLimit(r, now)).toMatchObject({ limited: true, count: 3 });
    expect(await hitRateLimit(r, now)).toBe(4);
  });
});
