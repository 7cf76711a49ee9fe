import { issuer } from "../env";
import { RESERVED_SCOPES } from "../scopes/reserved-scopes";
import { jsonResponse, type PlainResponse } from "../http/plain-http";
import type { RequestContext } from "../http/request-context";
import { answerOAuth } from "./answer-oauth";
import { currentSigningKey, jwks, SUPPORTED_ALGS } from "./signing-keys";

/** Public documents: cacheable for five minutes (a rotated-in key is published long before it signs). */
const PUBLIC_CACHE = { "Cache-Control": "public, max-age=300" };

/** RFC 8414 authorization server metadata. */
export function authorizationServerMetadata() {
  const iss = issuer();
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
    scopes_supported: RESERVED_SCOPES.map((s) => s.name).sort(),
    access_token_signing_alg_values_supported: SUPPORTED_ALGS,
  };
}

/** GET /.well-known/oauth-authorization-server */
export function handleMetadataRequest(context: RequestContext): Promise<PlainResponse> {
  return answerOAuth("metadata", context, async () => jsonResponse(authorizationServerMetadata(), 200, { ...PUBLIC_CACHE }));
}

/** GET /.well-known/jwks.json: a fresh installation publishes its first key before any token exists. */
export function handleJwksRequest(context: RequestContext): Promise<PlainResponse> {
  return answerOAuth("jwks", context, async () => {
    await currentSigningKey();
    return jsonResponse(await jwks(), 200, { ...PUBLIC_CACHE });
  });
}
