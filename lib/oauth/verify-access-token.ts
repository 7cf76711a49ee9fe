import { jwtVerify, type CryptoKey, type JWTPayload } from "jose";
import { issuer } from "../env";
import { SUPPORTED_ALGS, trustedPublicKey } from "./signing-keys";
import { loadTokenSubject } from "./load-client";
import { knownSignature, rememberSignature, tokenDigest } from "./verified-signatures";

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
 */
export async function verifyAccessToken(token: string, now: Date): Promise<VerifiedAccessToken | null> {
  const payload = await verifiedPayload(token, now);
  if (!payload) return null;
  const claims = payload as VerifiedAccessToken;
  if (typeof claims.client_id !== "string" || typeof claims.org_id !== "string" || claims.sub !== claims.client_id || typeof claims.jti !== "string") return null;
  const subject = await loadTokenSubject(claims.client_id, claims.jti, now);
  if (!subject || subject.revoked || subject.status !== "ACTIVE" || subject.orgId !== claims.org_id) return null;
  if (subject.tokensValidAfter && claims.iat * 1000 < subject.tokensValidAfter.getTime()) return null;
  const audiences = [claims.aud ?? []].flat().filter((a) => subject.audiences.includes(a));
  if (!audiences.length) return null;
  const scopes = (typeof claims.scope === "string" ? claims.scope.split(" ").filter(Boolean) : []).filter((s) => subject.grants.includes(s));
  return { ...claims, scope: scopes.join(" "), aud: typeof claims.aud === "string" ? audiences[0]! : audiences };
}

/**
 * The token's payload if its signature, type, issuer and lifetime hold at
 * `now`. A signature verified before is taken from verified-signatures when
 * its kid still names the very key it verified under and `now` is within the
 * token's lifetime, as jose checks it (expired at `exp`, not yet valid before
 * `nbf`, no tolerance); anything else goes through full verification.
 */
async function verifiedPayload(token: string, now: Date): Promise<JWTPayload | null> {
  const epoch = Math.floor(now.getTime() / 1000);
  const digest = tokenDigest(token);
  const known = knownSignature(digest);
  if (known) {
    const key = await trustedPublicKey(known.kid, "token");
    const inLifetime = known.payload.exp > epoch && !(typeof known.payload.nbf === "number" && known.payload.nbf > epoch);
    if (key?.key === known.key && key.alg === known.alg && inLifetime) return known.payload;
  }
  try {
    let used: CryptoKey | undefined;
    const { payload, protectedHeader } = await jwtVerify(
      token,
      async (header) => {
        const key = typeof header.kid === "string" ? await trustedPublicKey(header.kid, "token") : null;
        if (!key || key.alg !== header.alg) throw new Error("unknown key");
        return (used = key.key);
      },
      { issuer: issuer(), algorithms: SUPPORTED_ALGS, typ: "at+jwt", currentDate: now, requiredClaims: ["exp", "iat", "jti", "sub"] },
    );
    rememberSignature(token, digest, { payload: payload as JWTPayload & { exp: number }, kid: protectedHeader.kid!, alg: protectedHeader.alg, key: used! });
    return payload;
  } catch {
    return null;
  }
}
