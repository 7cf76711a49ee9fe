import { createLocalJWKSet, jwtVerify, type JWTPayload } from "jose";
import { db } from "../db";
import { issuer } from "../env";
import { jwks, SUPPORTED_ALGS } from "./signing-keys";

export interface VerifiedAccessToken extends JWTPayload {
  client_id: string;
  org_id: string;
  scope: string;
  jti: string;
  exp: number;
}

/**
 * Verify one of Tessera's own access tokens: a published key, an allowed
 * asymmetric algorithm (so `none` and HS256-with-the-public-key fail), the
 * at+jwt type, our issuer, not expired, not revoked, and an account that
 * still exists and is active. Anything else is null: inactive.
 */
export async function verifyAccessToken(token: string, now: Date): Promise<VerifiedAccessToken | null> {
  let payload: JWTPayload;
  try {
    const keys = createLocalJWKSet(await jwks(now));
    ({ payload } = await jwtVerify(token, keys, {
      issuer: issuer(),
      algorithms: SUPPORTED_ALGS,
      typ: "at+jwt",
      currentDate: now,
      requiredClaims: ["exp", "iat", "jti", "sub"],
    }));
  } catch {
    return null;
  }
  const claims = payload as VerifiedAccessToken;
  if (typeof claims.client_id !== "string" || typeof claims.org_id !== "string" || claims.sub !== claims.client_id) return null;
  const [revoked, account] = await Promise.all([
    db().revokedToken.findUnique({ where: { jti: claims.jti } }),
    db().serviceAccount.findUnique({ where: { clientId: claims.client_id }, select: { orgId: true, status: true } }),
  ]);
  if (revoked || !account || account.status !== "ACTIVE" || account.orgId !== claims.org_id) return null;
  return claims;
}
