import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

/**
 * Client address as resolved by Tessera's own server (scripts/server.ts): it
 * strips any incoming copy of these headers, sets the address from the socket
 * (believing X-Forwarded-For only from TESSERA_TRUSTED_PROXIES) and vouches
 * for it with a secret made fresh in each process. Under a server that did
 * not (e.g. `next start`), a client could send the header itself, so the
 * address is then unknown.
 */
export const CLIENT_IP_HEADER = "x-tessera-client-ip";
export const PROOF_HEADER = "x-tessera-proof";

const globalForProof = globalThis as unknown as { tesseraProof?: Buffer };

/** The environment variable through which Tessera's server hands its proof to the console process it starts. */
export const PROOF_ENV = "TESSERA_SERVER_PROOF";

/**
 * This server's proof: made fresh by Tessera's server, and handed to the
 * console process it starts (never to anything else). Only Tessera's server
 * sends it, over the console's private socket.
 */
export function serverProof(): string {
  globalForProof.tesseraProof ??= process.env[PROOF_ENV] ? Buffer.from(process.env[PROOF_ENV], "base64url") : randomBytes(32);
  return globalForProof.tesseraProof.toString("base64url");
}

function vouched(proof: string | null): boolean {
  if (!globalForProof.tesseraProof && process.env[PROOF_ENV]) serverProof();
  const mine = globalForProof.tesseraProof;
  if (!proof || !mine) return false;
  const given = Buffer.from(proof, "base64url");
  return given.length === mine.length && timingSafeEqual(given, mine);
}

/** An incoming request id is kept only when it is short and plainly safe to log and echo. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestIdFrom(value: string | null | undefined): string {
  return value && SAFE_REQUEST_ID.test(value) ? value : randomUUID();
}

export interface RequestContext {
  clientIp: string | null;
  userAgent: string | null;
  requestId: string;
  /** Who the request turned out to be (a client id), for the access log; set by the handler. */
  principal?: string | null;
}

export function requestContextFrom(headers: Headers): RequestContext {
  return {
    clientIp: vouched(headers.get(PROOF_HEADER)) ? headers.get(CLIENT_IP_HEADER) : null,
    userAgent: headers.get("user-agent"),
    requestId: requestIdFrom(headers.get("x-request-id")),
  };
}
