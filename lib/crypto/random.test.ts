import { describe, expect, it } from "vitest";
import { uniqueBytes } from "./random";

describe("uniqueBytes", () => {
  it("hands out each pooled byte once, across refills of the pool, as copies", () => {
    // Every 8-byte run of every id: ids that overlapped in the pool (a slice that advanced by less
    // than it handed out) would share runs; distinct random bytes share one with odds of about 2^-40.
    const runs = new Set<string>();
    let count = 0;
    // 1,000 × 16 bytes: the 4 KiB pool is filled about four times over.
    for (let i = 0; i < 1_000; i++) {
      const bytes = uniqueBytes(16);
      expect(bytes.length).toBe(16);
      for (let at = 0; at + 8 <= 16; at++, count++) runs.add(bytes.toString("hex", at, at + 8));
    }
    expect(runs.size).toBe(count);
    // A copy: the pool filled again later leaves what was handed out as it was.
    const handed = uniqueBytes(16);
    const kept = Buffer.from(handed);
    uniqueBytes(4_096);
    expect(handed.equals(kept)).toBe(true);
  });

  it("takes whole numbers of bytes up to the pool's size", () => {
    for (const n of [0, -1, 1.5, 4_097, Number.NaN]) expect(() => uniqueBytes(n)).toThrow(RangeError);
    expect(uniqueBytes(1).length).toBe(1);
  });
});
