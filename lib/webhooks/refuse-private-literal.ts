import { isIP } from "node:net";
import { AppError } from "../errors";
import { isPublicAddress } from "./is-public-address";

/**
 * A URL written with a private, loopback or link-local IP is refused when it
 * is saved, unless private targets are allowed: it could never be
 * delivered. A host name is only checked when a delivery connects (its
 * addresses may change), see send-webhook-request.ts.
 */
export function refusePrivateLiteral(url: string): void {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
  if (isIP(host) && !isPublicAddress(host)) {
    const message = `${host} is a private, loopback or link-local address; only an owner may allow private targets on an endpoint`;
    throw new AppError("validation_failed", message, { fieldErrors: { url: [message] } });
  }
}
