import { describe, expect, it } from "vitest";
import {
  base62Checksum,
  credentialHint,
  generateApiKey,
  generateClientId,
  generateClientSecret,
  isWellFormedApiKey,
  isWellFormedClientId,
  isWellFormedClientSecret,
} from "./format";
import { createHash } from "node:crypto";
import { credentialMatches, deriveCredentialHashKey, hashCredential } from "./hash";

const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "a" ? "b" : "a") + s.slice(i + 1);

describe("credential formats", () => {
  it("client secrets: tss_ prefix, base62 body of 36 random + 6 checksum characters", () => {
    const s = generateClientSecret();
    expect(s).toMatch(/^tss_[0-9A-Za-z]{42}$/);
    expect(isWellFormedClientSecret(s)).toBe(true);
    expect(s.slice(-6)).toBe(base62Checksum(s.slice(0, -6)));
    // 36 base62 characters carry log2(62^36) ≈ 214 bits
    expect(36 * Math.log2(62)).toBeGreaterThan(128);
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
    expect(hashCredential(s, deriveCredentialHashKey("another-secret-another-secret-another-secret"))).not.toBe(h1);
    expect(hashCredential(s, deriveCredentialHashKey(process.env.TESSERA_SECRET!))).toBe(h1);
    expect(credentialHint(s)).toBe(s.slice(-4));
  });
});
