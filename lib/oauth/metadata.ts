import { db } from "../db";
import { issuer } from "../env";
import { SUPPORTED_ALGS } from "./signing-keys";

/** RFC 8414 authorization server metadata. */
export async function authorizationServerMetadata() {
  const iss = issuer();
  const reserved = await db().scope.findMany({ where: { reserved: true }, distinct: ["name"], select: { name: true } });
  return {
    issuer: iss,
    token_endpoint: `${iss}/oauth/token`,
    jwks_uri: `${iss}/.well-known/jwks.json`,
    introspection_endpoint: `${iss}/oauth/introspect`,
    revocation_endpoint: `${iss}/oauth/revoke`,
    grant_types_supported: ["client_credentials"],
    response_types_supported: [],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    introspection_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    revocation_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    scopes_supported: reserved.map((s) => s.name).sort(),
    access_token_signing_alg_values_supported: SUPPORTED_ALGS,
  };
}
