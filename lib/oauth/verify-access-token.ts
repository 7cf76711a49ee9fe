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
 */
export async function verifyAccessToken(token: string, now: Date, read?: Read, known?: ClientRecord): Promise<VerifiedAccessToken | null> {
  const payload = await verifiedPayload(token, now);
  return payload && inForce(payload, now, read, known);
}

/** What revocation may act on: the claims a seal or a signature vouches for, and nothing else. */
export interface RevocableAccessToken {
  jti: string;
  client_id: string;
  org_id: string;
  exp: number;
}

/**
 * For revocation only (RFC 7009): whether `token` is one of ours that is in
 * force now, and its id, client, organisation and end. `unverified` is its
 * payload as decoded without a signature check. When its id is sealed to its
 * claims (token-id.ts), the seal stands in for the signature: it vouches for
 * jti, client_id, org_id, iat, exp and iss, so only those are returned, and
 * the rules of verifyAccessToken are applied to the payload as it reads
 * (issuer, lifetime, revoked, account, tokensValidAfter, audiences). Any
 * other token goes through its signature.
 */
export async function revocableAccessToken(token: string, unverified: JWTPayload | null, now: Date, known?: ClientRecord): Promise<RevocableAccessToken | null> {
  const payload = unverified && tokenIdSealedTo(unverified) ? (holds(unverified, epochOf(now)) ? unverified : null) : await verifiedPayload(token, now);
  const claims = payload && (await inForce(payload, now, undefined, known));
  return claims && { jti: claims.jti, client_id: claims.client_id, org_id: claims.org_id, exp: claims.exp };
}

/** The rules after the signature (or seal): a token of an active account that still lists one of its audiences, narrowed to today's grants. */
async function inForce(payload: JWTPayload, now: Date, read?: Read, known?: ClientRecord): Promise<VerifiedAccessToken | null> {
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

const epochOf = (now: Date) => Math.floor(now.getTime() / 1000);

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
  const epoch = epochOf(now);
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

/** Our issuer, and within the token's lifetime at `epoch`: for fresh and remembered signatures alike. */
function holds(payload: JWTPayload, epoch: number): payload is JWTPayload & { exp: number } {
  if (payload.iss !== issuer() || typeof payload.iat !== "number") return false;
  if (typeof payload.exp !== "number" || payload.exp <= epoch) return false;
  return payload.nbf === undefined || (typeof payload.nbf === "number" && payload.nbf <= epoch);
}
