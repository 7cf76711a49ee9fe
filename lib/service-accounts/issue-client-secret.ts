import type { Tx } from "../db";
import { credentialHint, generateClientSecret } from "../credentials/format";
import { hashCredential } from "../credentials/hash";

/** Create a secret row; the plaintext is returned to the caller once and stored nowhere. */
export async function issueClientSecret(tx: Tx, serviceAccountId: string, now: Date, expiresAt: Date | null = null) {
  const clientSecret = generateClientSecret();
  const row = await tx.clientSecret.create({
    data: { serviceAccountId, hash: hashCredential(clientSecret), hint: credentialHint(clientSecret), createdAt: now, expiresAt },
    select: { id: true, hint: true, createdAt: true, expiresAt: true },
  });
  return { clientSecret, secret: row };
}
