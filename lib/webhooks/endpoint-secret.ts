import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { decryptAtRest, encryptAtRest } from "../crypto/key-encryption";

/**
 * An endpoint's signing secret in the Standard Webhooks form: `whsec_` and
 * 32 random bytes in base64 (256 bits from the CSPRNG). Tessera must sign
 * with it, so it is sealed at rest rather than hashed; the plaintext is
 * returned once, when it is made.
 */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export const sealWebhookSecret = (secret: string) => encryptAtRest(secret, "webhook-secret-v1");
export const openWebhookSecret = (sealed: string) => decryptAtRest(sealed, "webhook-secret-v1");

/**
 * The Standard Webhooks headers for one attempt, signed by the library. While
 * a rotated-out secret is still in its grace period both secrets sign, space
 * separated, so a receiver holding either one verifies the delivery.
 */
export function signedHeaders(messageId: string, body: string, sealedSecrets: string[], at: Date): Record<string, string> {
  const signatures = sealedSecrets.map((sealed) => new Webhook(openWebhookSecret(sealed)).sign(messageId, at, body));
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
    "user-agent": "Tessera-Webhooks/1",
  };
}
