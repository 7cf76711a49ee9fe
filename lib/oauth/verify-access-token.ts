import { decodeProtectedHeader, type JWTPayload } from "jose";
import { issuer } from "../env";
import { trustedPublicKey } from "./signing-keys";
import { loadTokenSubject, tokenSubjectOf, type ClientRecord } from "./load-client";
import type { Read } from "../credentials/remembered-reads";
import { knownSignature, rememberSignature, tokenDigest } from "./verified-signatures";
import { tokenIdSealedTo } from "./token-id";

export interface VerifiedAccessToken extends JWTPayload {
  client_id: string;
  org_id: string;
  /** The token's scopes that the account still holds. */
  scope: string;
  /** The token's audiences that the account still lists. */
  aud: string | string[];
  jti: string;
  exp: number;
  iat: number;
}

/**
 * Verify one of Tessera's own access tokens as it holds *now*: a trusted
 * token key, an allowed asymmetric algorithm (so `none` and
 * HS256-with-the-public-key fail), the at+jwt type, our issuer, not expired,
 * not revoked, an account that still exists and is active, and issued after
 * the account's last deactivation (reactivation does not revive old tokens).
 * Scopes and audiences are narrowed to what the account holds today; a token
 * left with no audience is inactive. Anything else is null: inactive.
 *
 * `known`, a client record read with the token's id (loadClient), stands
 * in for reading the token's account again when the token is that client's.
 *
 * `sealed`, for revocation only: the token's payload as decoded without a
 * signature check. When its id is sealed to its claims (token-id.ts), that
 * payload stands in for the signature check; the issuer, lifetime and
 * everything after are checked as for any token. Any other caller, and any
 * payload whose seal does not hold, goes through the signature.
 */
export async function verifyAccessToken(
  token: string,
  now: Date,
  read?: Read,
  known?: ClientRecord,
  sealed?: JWTPayload | null,
): Promise<VerifiedAccessToken | null> {
  const payload = (sealed && sealedPayload(sealed, now)) || (await verifiedPayload(token, now));
  if (!payload) return null;
  const claims = payload as VerifiedAccessToken;
  if (typeof claims.client_id !== "string" || typeof claims.org_id !== "string" || claims.sub !== claims.client_id || typeof claims.jti !== "string") return null;
  const subject =
    (known && tokenSubjectOf(known, claims.client_id, claims.jti)) ?? (await loadTokenSubject(claims.client_id, claims.jti, now, read));
  if (!subject || subject.revoked || subject.status !== "ACTIVE" || subject.orgId !== claims.org_id) return null;
  if (subject.tokensValidAfter && claims.iat * 1000 < subject.tokensValidAfter.getTime()) return null;
  const audiences = [claims.aud ?? []].flat().filter((a) => subject.audiences.includes(a));
  if (!audiences.length) return null;
  const scopes = (typeof claims.scope === "string" ? claims.scope.split(" ").filter(Boolean) : []).filter((s) => subject.grants.includes(s));
  return { ...claims, scope: scopes.join(" "), aud: typeof claims.aud === "string" ? audiences[0]! : audiences };
}

/**
 * The token's payload if its signature, type, issuer and lifetime hold at
 * `now`. The signature is checked by the key its kid names (the key's own
 * algorithm only: so `none` and HS256-with-the-public-key fail). A signature
 * verified before is taken from verified-signatures when its kid still names
 * the very key it verified under. Either way issuer and lifetime are
 * checked here (holds), the lifetime as jose checks it: expired at `exp`, not
 * yet valid before `nbf`, no tolerance.
 */
async function verifiedPayload(token: string, now: Date): Promise<JWTPayload | null> {
  const epoch = Math.floor(now.getTime() / 1000);
  const digest = tokenDigest(token);
  const known = knownSignature(digest);
  if (known) {
    const key = await trustedPublicKey(known.kid, "token");
    if (key && key.verifyJwt === known.verifier && key.alg === known.alg) return holds(known.payload, epoch) ? known.payload : null;
  }
  try {
    const { kid, alg } = decodeProtectedHeader(token);
    if (typeof kid !== "string") return null;
    const key = await trustedPublicKey(kid, "token");
    if (!key || key.alg !== alg) return null;
    const payload = key.verifyJwt(token).payload as JWTPayload;
    if (!holds(payload, epoch)) return null;
    rememberSignature(token, digest, { payload, kid, alg: key.alg, verifier: key.verifyJwt });
    return payload;
  } catch {
    return null;
  }
}

/** The payload, when its id is sealed to its claims (see verifyAccessToken) and its issuer and lifetime hold at `now`. */
function sealedPayload(payload: JWTPayload, now: Date): JWTPayload | null {
  return tokenIdSealedTo(payload) && holds(payload, Math.floor(now.getTime() / 1000)) ? payload : null;
}

/** Our issuer, and within the token's lifetime at `epoch`: for fresh and remembered signatures alike. */
function holds(payload: JWTPayload, epoch: number): payload is JWTPayload & { exp: number } {
  if (payload.iss !== issuer() || typeof payload.iat !== "number") return false;
  if (typeof payload.exp !== "number" || payload.exp <= epoch) return false;
  return payload.nbf === undefined || (typeof payload.nbf === "number" && payload.nbf <= epoch);
}
