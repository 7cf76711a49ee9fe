import { createHash } from "node:crypto";
import type { JWTPayload } from "jose";
import { LRUCache } from "lru-cache";
import { processState } from "../process-state";

/** What a successful signature check established about one exact token text. */
export interface VerifiedSignature {
  payload: JWTPayload & { exp: number };
  kid: string;
  alg: string;
}

const MAX_ENTRIES = 10_000;

const state = processState("verified-signatures", () => ({
  cache: new LRUCache<string, VerifiedSignature>({ max: MAX_ENTRIES }),
}));

/** Keyed by a digest: the cache never holds a usable bearer token. */
const keyOf = (token: string) => createHash("sha256").update(token).digest("base64url");

/**
 * Signatures Tessera already verified, by the token's exact text. A resource
 * server introspects the same token on every request it serves, and an ES256
 * verification costs about 110 µs, most of an introspection. What a signature
 * proves about a given text never changes. What can change is checked on
 * every use by verifyAccessToken: whether the key is still trusted, whether
 * the token is still within its lifetime, and (read each time, never cached)
 * the account, the revocation list and the grants.
 */
export function knownSignature(token: string): VerifiedSignature | undefined {
  return state.cache.get(keyOf(token));
}

export function rememberSignature(token: string, verified: VerifiedSignature): void {
  state.cache.set(keyOf(token), { ...verified, payload: Object.freeze({ ...verified.payload }) });
}

/** For tests: forget every remembered signature. */
export function forgetSignatures(): void {
  state.cache.clear();
}
