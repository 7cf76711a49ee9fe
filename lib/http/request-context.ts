import { randomUUID } from "node:crypto";

/**
 * Client address as resolved by Tessera's own server (scripts/server.mjs):
 * it strips any incoming copy of this header and sets it from the socket,
 * believing X-Forwarded-For only from TESSERA_TRUSTED_PROXIES. Under a
 * server that did not set it (e.g. `next dev`), the address is unknown.
 */
export const CLIENT_IP_HEADER = "x-tessera-client-ip";

export interface RequestContext {
  clientIp: string | null;
  userAgent: string | null;
  requestId: string;
}

export function requestContextFrom(headers: Headers): RequestContext {
  return {
    clientIp: headers.get(CLIENT_IP_HEADER),
    userAgent: headers.get("user-agent"),
    requestId: headers.get("x-request-id")?.slice(0, 100) ?? randomUUID(),
  };
}
