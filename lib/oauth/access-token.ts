import { issuer } from "../env";
import { currentSigningKey } from "./signing-keys";
import { sealedTokenId } from "./token-id";

export interface AccessTokenClaims {
  clientId: string;
  orgId: string;
  audiences: readonly string[];
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
  // jose refused a non-finite time; fast-jwt would drop such an exp and sign a token that never expires.
  if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp)) throw new Error("access token times must be whole seconds");
  const iss = issuer();
  const jti = sealedTokenId({ client_id: claims.clientId, org_id: claims.orgId, iat, exp, iss });
  const token = key.signJwt({
    client_id: claims.clientId,
    scope: claims.scopes.join(" "),
    org_id: claims.orgId,
    iss,
    sub: claims.clientId,
    aud: claims.audiences.length === 1 ? claims.audiences[0]! : claims.audiences,
    iat,
    exp,
    jti,
  });
  return { token, jti, exp: new Date(exp * 1000), expiresIn: exp - iat, kid: key.kid };
}
