import { createHash } from "node:crypto";
import type { JWTPayload } from "jose";
import type { AccessTokenVerifier } from "./signing-keys";
import { LRUCache } from "lru-cache";
import { processState } from "../process-state";

/** What a successful signature check established about one exact token text. */
export interface VerifiedSignature {
  payload: Readonly<JWTPayload & { exp: number }>;
  kid: string;
  alg: string;
  /** The verifier of the key it verified under: a hit counts only while the kid still names this very key. */
  verifier: AccessTokenVerifier;
}

/** The digest of a token's text: the cache never holds a usable bearer token. */
export type TokenDigest = string & { readonly __digest: unique symbol };

// Bounded by the size of what is kept, not only by entries: a token's size
// follows its scopes and audiences, which an admin chooses.
const MAX_BYTES = 16 * 1024 * 1024;
const MAX_TOKEN_BYTES = 8 * 1024;
/** Only the canonical compact form is remembered: whitespace a decoder would skip makes no second entry. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const state = processState("verified-signatures", () => ({
  cache: new LRUCache<TokenDigest, VerifiedSignature>({ maxSize: MAX_BYTES, sizeCalculation: (v) => JSON.stringify(v.payload).length + 200 }),
}));

export const tokenDigest = (token: string) => createHash("sha256").update(token).digest("base64url") as TokenDigest;

/**
 * Signatures Tessera already verified, by the token's exact text. A resource
 * server introspects the same token on every request it serves, and a
 * signature check is the largest piece of CPU in an introspection. What a
 * signature proves about a given text never changes. What can change is
 * checked on every use by verifyAccessToken: that the kid still names the
 * same trusted key, the issuer and the token's lifetime, and (read each time,
 * never cached) the account, the revocation list and the grants.
 */
export function knownSignature(digest: TokenDigest): VerifiedSignature | undefined {
  return state.cache.get(digest);
}

export function rememberSignature(token: string, digest: TokenDigest, verified: VerifiedSignature): void {
  if (token.length > MAX_TOKEN_BYTES || !COMPACT_JWS.test(token)) return;
  const payload = structuredClone(verified.payload) as VerifiedSignature["payload"];
  if (Array.isArray(payload.aud)) Object.freeze(payload.aud);
  state.cache.set(digest, { ...verified, payload: Object.freeze(payload) });
}
