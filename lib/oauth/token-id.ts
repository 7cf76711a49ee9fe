import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { tesseraSecret } from "../env";
import { uniqueBytes } from "../crypto/random";
import { JTI_RANDOM_BYTES, JTI_SEAL_BYTES } from "../credentials/format";

/**
 * Access token ids (jti) that say whom they were issued to.
 *
 * A token id is 16 random bytes and a seal: the first 12 bytes of
 * HMAC-SHA-256, under a key derived from TESSERA_SECRET for this one use,
 * over those bytes and the claims that identify the token's issuance
 * (client_id, org_id, iat, exp), written base64url (38 characters).
 *
 * Revocation uses it (RFC 7009 asks the server to check that the token was
 * issued to the client revoking it): a token whose id is sealed to the claims
 * it carries was issued by this installation, to that client, for that
 * lifetime, whatever else was done to it since, so revoking its id needs no
 * signature check (an ES256 verification, about a quarter of a revocation's
 * CPU). Nothing else trusts a seal: introspection and every other reader of a
 * token's claims check its signature.
 *
 * Ids issued before seals (22 characters) are still well formed, and are
 * revoked after a signature check, as is any token whose seal does not hold
 * (another installation's secret, altered claims).
 */
export interface TokenIdClaims {
  client_id: string;
  org_id: string;
  iat: number;
  exp: number;
}

/** The seal's key: derived for this one use, so it never equals any other use's key. */
export function deriveTokenIdSealKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "tessera", "token-id-seal-v1", 32));
}

let cached: { secret: string; key: Buffer } | undefined;

function sealKey(): Buffer {
  const secret = tesseraSecret();
  if (cached?.secret !== secret) cached = { secret, key: deriveTokenIdSealKey(secret) };
  return cached.key;
}

function seal(random: Buffer, claims: TokenIdClaims, key: Buffer): Buffer {
  // Separated by NUL, which none of the four can hold (ids are [A-Za-z0-9_], times whole numbers).
  return createHmac("sha256", key)
    .update(random)
    .update(`\u0000${claims.client_id}\u0000${claims.org_id}\u0000${claims.iat}\u0000${claims.exp}`)
    .digest()
    .subarray(0, JTI_SEAL_BYTES);
}

/** A new token id, sealed to the claims of the token it will be the id of. */
export function sealedTokenId(claims: TokenIdClaims, key: Buffer = sealKey()): string {
  const random = uniqueBytes(JTI_RANDOM_BYTES);
  return Buffer.concat([random, seal(random, claims, key)]).toString("base64url");
}

/** Whether `claims.jti` is a token id this installation sealed to exactly these claims. */
export function tokenIdSealedTo(claims: Record<string, unknown>, key: Buffer = sealKey()): boolean {
  const { jti, client_id, org_id, iat, exp } = claims;
  if (typeof jti !== "string" || typeof client_id !== "string" || typeof org_id !== "string") return false;
  if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp)) return false;
  if (jti.length !== SEALED_LENGTH) return false;
  const bytes = Buffer.from(jti, "base64url");
  // Only the one spelling sealedTokenId writes: base64url's last character has spare bits.
  if (bytes.length !== JTI_RANDOM_BYTES + JTI_SEAL_BYTES || bytes.toString("base64url") !== jti) return false;
  const random = bytes.subarray(0, JTI_RANDOM_BYTES);
  const expected = seal(random, { client_id, org_id, iat: iat as number, exp: exp as number }, key);
  return timingSafeEqual(bytes.subarray(JTI_RANDOM_BYTES), expected);
}

const SEALED_LENGTH = Math.ceil(((JTI_RANDOM_BYTES + JTI_SEAL_BYTES) * 4) / 3);
