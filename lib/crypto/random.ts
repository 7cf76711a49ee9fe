import { createHash, createHmac, randomBytes, randomFillSync, timingSafeEqual } from "node:crypto";

/** A URL-safe token of `bytes` random bytes from the CSPRNG (32 bytes = 256 bits). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

const POOL_BYTES = 4096;
const pool = { bytes: Buffer.alloc(POOL_BYTES), used: POOL_BYTES };

/**
 * `bytes` random bytes for a value that must be unique but is no secret (an
 * access token's id), from a buffer filled by the CSPRNG 4 KiB at a time, as
 * Node's randomUUID does: one call into OpenSSL per 256 token ids instead of
 * one each (about 7 µs of a token's CPU on the benchmark's machine). Never for secrets: what a pool
 * hands out stays in memory until the pool is filled again.
 */
export function uniqueBytes(bytes: number): Buffer {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > POOL_BYTES) throw new RangeError("uniqueBytes takes 1 to 4096 bytes");
  if (pool.used + bytes > POOL_BYTES) {
    randomFillSync(pool.bytes);
    pool.used = 0;
  }
  // A copy: the pool's bytes are handed out once, and filled again later.
  return Buffer.from(pool.bytes.subarray(pool.used, (pool.used += bytes)));
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function hmacSha256Hex(key: string, value: string): string {
  return createHmac("sha256", key).update(value).digest("hex");
}

/** Constant-time comparison of two hex or ASCII strings. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
