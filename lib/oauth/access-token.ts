import { SignJWT } from "jose";
import { randomToken } from "../crypto/random";
import { issuer } from "../env";
import { currentSigningKey } from "./signing-keys";

export interface AccessTokenClaims {
  clientId: string;
  orgId: string;
  audiences: string[];
  scopes: string[];
  ttlSeconds: number;
  /** The earliest end among the time-boxed grants the token carries: it never outlives them. */
  notAfter?: Date | null;
}

/** An RFC 9068 JWT access token, signed with the current signing key. */
export async function signAccessToken(claims: AccessTokenClaims, now: Date) {
  const key = await currentSigningKey();
  const iat = Math.floor(now.getTime() / 1000);
  const exp = Math.min(iat + claims.ttlSeconds, claims.notAfter ? Math.floor(claims.notAfter.getTime() / 1000) : Infinity);
  const jti = randomToken(16);
  const token = await new SignJWT({
    client_id: claims.clientId,
    scope: claims.scopes.join(" "),
    org_id: claims.orgId,
  })
    .setProtectedHeader({ alg: key.alg, typ: "at+jwt", kid: key.kid })
    .setIssuer(issuer())
    .setSubject(claims.clientId)
    .setAudience(claims.audiences.length === 1 ? claims.audiences[0]! : claims.audiences)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(key.privateKey);
  return { token, jti, exp: new Date(exp * 1000), expiresIn: exp - iat, kid: key.kid };
}
