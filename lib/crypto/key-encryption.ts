import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { purposeKey } from "./purpose-keys";

/**
 * What a sealed value is for. Each purpose derives its own key from
 * TESSERA_SECRET, so a value sealed for one use cannot be opened as another.
 */
export type SealPurpose = "signing-key-encryption-v1" | "idempotent-response-v1" | "webhook-secret-v1";

/** base64url(iv ‖ tag ‖ ciphertext), AES-256-GCM under the key of `purpose` (purpose-keys.ts). */
export function encryptAtRest(plaintext: string, purpose: SealPurpose = "signing-key-encryption-v1"): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", purposeKey(purpose), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url");
}

export function decryptAtRest(sealed: string, purpose: SealPurpose = "signing-key-encryption-v1"): string {
  const raw = Buffer.from(sealed, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", purposeKey(purpose), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}
