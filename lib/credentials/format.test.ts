import { describe, expect, it } from "vitest";
import {
  BASE62,
  SECRET_PREFIX,
  base62Checksum,
  credentialHint,
  generateApiKey,
  generateClientId,
  generateClientSecret,
  isWellFormedApiKey,
  isWellFormedClientId,
  isWellFormedClientSecret,
  isWellFormedJti,
} from "./format";
import { createHash } from "node:crypto";
import { credentialMatches, hashCredential } from "./hash";
import { derivePurposeKey } from "../crypto/purpose-keys";

const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "a" ? "b" : "a") + s.slice(i + 1);

describe("credential formats", () => {
  it("client secrets: tss_ prefix, base62 body of 36 random + 6 checksum characters", () => {
    const s = generateClientSecret();
    expect(s).toMatch(/^tss_[0-9A-Za-z]{42}$/);
    expect(isWellFormedClientSecret(s)).toBe(true);
    expect(s.slice(-6)).toBe(base62Checksum(s.slice(0, -6)));
  });

  it("the random part of generated secrets carries at least 128 bits: uniform, independent characters", () => {
    // Measured on what the generator produces, not on the numbers it was meant to use.
    const N = 5_000;
    const bodies = Array.from({ length: N }, () => generateClientSecret().slice(SECRET_PREFIX.length, -6));
    const length = bodies[0]!.length;
    expect(bodies.every((b) => b.length === length)).toBe(true);

    // Uniform: pooled over every position, each of the 62 symbols within chance (chi-square, 61 degrees
    // of freedom: mean 61, sd 11; 150 is ~8 sd, while a modulo bias over bytes scores in the thousands).
    const counts = new Map<string, number>();
    for (const b of bodies) for (const c of b) counts.set(c, (counts.get(c) ?? 0) + 1);
    const draws = N * length;
    const expected = draws / BASE62.length;
    const chiSquare = [...BASE62].reduce((sum, c) => sum + ((counts.get(c) ?? 0) - expected) ** 2 / expected, 0);
    expect(counts.size).toBe(62);
    expect(chiSquare).toBeLessThan(150);

    // Independent: no two positions agree more often than chance (1/62) allows; a repeated or derived
    // half of the body would agree every time.
    let worst = 0;
    for (let i = 0; i < length; i++) {
      for (let j = i + 1; j < length; j++) worst = Math.max(worst, bodies.filter((b) => b[i] === b[j]).length / N);
    }
    expect(worst).toBeLessThan(3 / 62);

    // So the entropy is the length times the measured bits per character.
    const bitsPerCharacter = -[...counts.values()].reduce((h, n) => h + (n / draws) * Math.log2(n / draws), 0);
    expect(length * bitsPerCharacter).toBeGreaterThan(128);
  });

  it("a flipped character anywhere fails the checksum", () => {
    const s = generateClientSecret();
    for (const i of [4, 10, 39, 40, 45]) expect(isWellFormedClientSecret(flip(s, i))).toBe(false);
    expect(isWellFormedClientSecret(s.replace("tss_", "tak_"))).toBe(false);
  });

  it("API keys: tak_ prefix with the same structure", () => {
    const k = generateApiKey();
    expect(k).toMatch(/^tak_[0-9A-Za-z]{42}$/);
    expect(isWellFormedApiKey(k)).toBe(true);
    expect(isWellFormedApiKey(flip(k, 20))).toBe(false);
    expect(isWellFormedClientSecret(k)).toBe(false);
  });

  it("client ids: sa_ + base62", () => {
    const id = generateClientId();
    expect(isWellFormedClientId(id)).toBe(true);
    expect(id).toMatch(/^sa_[0-9A-Za-z]{20}$/);
  });

  it("10,000 generated secrets are unique and use the whole alphabet", () => {
    const secrets = Array.from({ length: 10_000 }, generateClientSecret);
    expect(new Set(secrets).size).toBe(10_000);
    const chars = new Set(secrets.flatMap((s) => [...s.slice(4, 40)]));
    expect(chars.size).toBe(62);
  });

  it("hashing is keyed: another TESSERA_SECRET gives another hash, and it is not a bare SHA-256", () => {
    const s = generateClientSecret();
    const h1 = hashCredential(s);
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
    expect(credentialMatches(s, h1)).toBe(true);
    expect(credentialMatches(flip(s, 10), h1)).toBe(false);
    expect(h1).not.toBe(createHash("sha256").update(s).digest("hex"));
    expect(hashCredential(s, derivePurposeKey("another-secret-another-secret-another-secret", "credential-hash-v1"))).not.toBe(h1);
    expect(hashCredential(s, derivePurposeKey(process.env.TESSERA_SECRET!, "credential-hash-v1"))).toBe(h1);
    expect(credentialHint(s)).toBe(s.slice(-4));
  });
});

describe("access token ids", () => {
  it("are what signAccessToken issues, or issued before seals, and nothing else is looked up as one", async () => {
    const { randomToken } = await import("../crypto/random");
    const { sealedTokenId } = await import("../oauth/token-id");
    for (let i = 0; i < 50; i++) {
      expect(isWellFormedJti(sealedTokenId({ client_id: "sa_x", org_id: "org", iat: i, exp: i + 60, iss: "https://tessera.example.com" }))).toBe(true);
      // The ids of tokens issued before seals, live until they expire.
      expect(isWellFormedJti(randomToken(16))).toBe(true);
    }
    for (const n of [21, 23, 37, 39]) expect(isWellFormedJti("a".repeat(n))).toBe(false);
    for (const bad of ["", "a".repeat(21) + "\u0000", "a".repeat(21) + "=", "a".repeat(21) + "/", "a".repeat(37) + "+", 12, null, undefined, ["a".repeat(22)]]) {
      expect(isWellFormedJti(bad)).toBe(false);
    }
  });
});
