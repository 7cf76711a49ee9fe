import { hkdfSync } from "node:crypto";
import { tesseraSecret } from "../env";

/**
 * Every key Tessera derives from TESSERA_SECRET, one per use (HKDF-SHA-256,
 * salt "tessera", the purpose as info): the key of one use never equals
 * another's, so nothing made for one (a hash, a seal, a ciphertext) passes
 * for another.
 */
export type KeyPurpose =
  | "credential-hash-v1"
  | "audit-chain-v1"
  | "token-id-seal-v1"
  | "signing-key-encryption-v1"
  | "idempotent-response-v1"
  | "webhook-secret-v1";

export function derivePurposeKey(secret: string, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "tessera", purpose, 32));
}

const derived = new Map<KeyPurpose, { secret: string; key: Buffer }>();

/** The key for `purpose` under the current TESSERA_SECRET, derived once while the secret stands. */
export function purposeKey(purpose: KeyPurpose): Buffer {
  const secret = tesseraSecret();
  let entry = derived.get(purpose);
  if (entry?.secret !== secret) derived.set(purpose, (entry = { secret, key: derivePurposeKey(secret, purpose) }));
  return entry.key;
}
