import { fromWebRequest, toWebResponse, type PlainRequest, type PlainResponse } from "../http/plain-http";
import { requestContextFrom, type RequestContext } from "../http/request-context";
import { handleIntrospection } from "./introspection";
import { handleJwksRequest, handleMetadataRequest } from "./metadata";
import { handleRevocation } from "./revocation";
import { handleTokenRequest } from "./token-endpoint";

export type PlainHandler = (request: PlainRequest, context: RequestContext) => Promise<PlainResponse>;

/**
 * The OAuth endpoints, path by path. Tessera's server answers these itself
 * before Next.js routes the request; the App Router route handlers (for
 * `next start`) call exactly the same functions through webDoor. There is
 * one copy of the protocol, reached by two doors.
 */
export const OAUTH_ROUTES: Readonly<Record<string, PlainHandler>> = Object.freeze({
  "/oauth/token": handleTokenRequest,
  "/oauth/introspect": handleIntrospection,
  "/oauth/revoke": handleRevocation,
  "/.well-known/jwks.json": (_request, context) => handleJwksRequest(context),
  "/.well-known/oauth-authorization-server": (_request, context) => handleMetadataRequest(context),
});

/** A route handler over a PlainHandler: the second door. */
export function webDoor(path: keyof typeof OAUTH_ROUTES) {
  const handler = OAUTH_ROUTES[path]!;
  return async (request: Request) => toWebResponse(await handler(fromWebRequest(request), requestContextFrom(request.headers)));
}
