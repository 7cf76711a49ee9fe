import { createHmac } from "node:crypto";
import { safeEqual } from "../crypto/random";
import { purposeHmacKey, type HmacKey } from "../crypto/purpose-keys";

/**
 * Credentials are high-entropy, so a keyed hash (HMAC-SHA-256) is the right
 * tool, not a password KDF: it is fast enough for the token endpoint and
 * useless to anyone who steals the database without TESSERA_SECRET. The key
 * is derived for this one purpose, so it never equals any other use's key.
 */
export function hashCredential(value: string, key: HmacKey = purposeHmacKey("credential-hash-v1")): string {
  return createHmac("sha256", key).update(value).digest("hex");
}

/** Constant-time check of a presented credential against a stored hash. */
export function credentialMatches(value: string, storedHash: string): boolean {
  return safeEqual(hashCredential(value), storedHash);
}
