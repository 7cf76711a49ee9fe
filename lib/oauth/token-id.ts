import { createHmac, timingSafeEqual } from "node:crypto";
import { uniqueBytes } from "../crypto/random";
import { purposeHmacKey, type HmacKey } from "../crypto/purpose-keys";
import { JTI_RANDOM_BYTES, JTI_SEALED_LENGTH, JTI_SEAL_BYTES } from "../credentials/format";

/**
 * Access token ids (jti) that say whom they were issued to.
 *
 * A token id is 16 random bytes and a seal: the first 12 bytes of
 * HMAC-SHA-256, under a key derived from TESSERA_SECRET for this one use,
 * over those bytes and the claims that identify the token's issuance
 * (client_id, org_id, iat, exp, iss), written base64url (38 characters).
 *
 * Revocation uses it (RFC 7009 asks the server to check that the token was
 * issued to the client revoking it): a token whose id is sealed to the claims
 * it carries was issued, by whatever holds TESSERA_SECRET, to that client, in
 * that organisation, for that lifetime, so revoking its id needs no signature
 * check (an ES256 verification, about a quarter of a revocation's CPU). The
 * seal vouches for those claims and the id only: nothing else in the payload
 * (scope, aud, nbf, the header) is any truer for it. Nothing but revocation
 * trusts a seal (revocableAccessToken); introspection and every other reader
 * of a token's claims check its signature.
 *
 * Ids issued before seals (22 characters) are still well formed, and are
 * revoked after a signature check, as is any token whose seal does not hold
 * (another secret, altered claims).
 */
export interface TokenIdClaims {
  client_id: string;
  org_id: string;
  iat: number;
  exp: number;
  iss: string;
}

function seal(random: Buffer, { client_id, org_id, iat, exp, iss }: TokenIdClaims, key: HmacKey): Buffer {
  // The random bytes are of fixed length; the claims as a JSON array, which no other claims write alike.
  return createHmac("sha256", key)
    .update(random)
    .update(JSON.stringify([client_id, org_id, iat, exp, iss]))
    .digest()
    .subarray(0, JTI_SEAL_BYTES);
}

/** A new token id, sealed to the claims of the token it will be the id of. */
export function sealedTokenId(claims: TokenIdClaims, key: HmacKey = purposeHmacKey("token-id-seal-v1")): string {
  const random = uniqueBytes(JTI_RANDOM_BYTES);
  return Buffer.concat([random, seal(random, claims, key)]).toString("base64url");
}

/** Whether `claims.jti` is a token id this installation sealed to exactly these claims. */
export function tokenIdSealedTo(claims: Record<string, unknown>, key: HmacKey = purposeHmacKey("token-id-seal-v1")): boolean {
  const { jti, client_id, org_id, iat, exp, iss } = claims;
  if (typeof jti !== "string" || typeof client_id !== "string" || typeof org_id !== "string" || typeof iss !== "string") return false;
  if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp)) return false;
  if (jti.length !== JTI_SEALED_LENGTH) return false;
  const bytes = Buffer.from(jti, "base64url");
  // Only the one spelling sealedTokenId writes: base64url's last character has spare bits.
  if (bytes.length !== JTI_RANDOM_BYTES + JTI_SEAL_BYTES || bytes.toString("base64url") !== jti) return false;
  const random = bytes.subarray(0, JTI_RANDOM_BYTES);
  const expected = seal(random, { client_id, org_id, iat: iat as number, exp: exp as number, iss }, key);
  return timingSafeEqual(bytes.subarray(JTI_RANDOM_BYTES), expected);
}
