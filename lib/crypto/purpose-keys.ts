import { createSecretKey, hkdfSync, type KeyObject } from "node:crypto";
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

const derived = new Map<KeyPurpose, { secret: string; key: Buffer; keyObject: KeyObject }>();

function derivedFor(purpose: KeyPurpose) {
  const secret = tesseraSecret();
  let entry = derived.get(purpose);
  if (entry?.secret !== secret) {
    const key = derivePurposeKey(secret, purpose);
    derived.set(purpose, (entry = { secret, key, keyObject: createSecretKey(key) }));
  }
  return entry;
}

/** The key for `purpose` under the current TESSERA_SECRET, derived once while the secret stands. */
export function purposeKey(purpose: KeyPurpose): Buffer {
  return derivedFor(purpose).key;
}

/** A key an HMAC takes: a purpose's KeyObject, or (tests, other secrets) its bytes. */
export type HmacKey = Buffer | KeyObject;

/**
 * The same key as a KeyObject, for the HMACs, which the hot paths take
 * several of a request: Node hands a KeyObject's key to OpenSSL as it is,
 * where a Buffer key is imported anew for every HMAC (about 5 µs a hash
 * instead of 8 on Node 20). Encryption (key-encryption.ts) is rare enough to
 * take the bytes.
 */
export function purposeHmacKey(purpose: KeyPurpose): KeyObject {
  return derivedFor(purpose).keyObject;
}
