import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { tesseraSecret } from "../env";

/** AES-256-GCM with a key derived from TESSERA_SECRET for this purpose only. */
function key(): Buffer {
  return Buffer.from(hkdfSync("sha256", tesseraSecret(), "tessera", "signing-key-encryption-v1", 32));
}

/** base64url(iv ‖ tag ‖ ciphertext) */
export function encryptAtRest(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url");
}

export function decryptAtRest(sealed: string): string {
  const raw = Buffer.from(sealed, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key(), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}
