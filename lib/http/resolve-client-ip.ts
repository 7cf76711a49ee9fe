import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/** IPv4-mapped IPv6 (::ffff:1.2.3.4) is the same client as 1.2.3.4. */
export function normalizeIp(value: string | undefined | null): string | null {
  if (!value) return null;
  const trimmed = value.trim().replace(/^\[|\]$/g, "");
  const unmapped = trimmed.toLowerCase().startsWith("::ffff:") && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
  return isIP(unmapped) ? unmapped : null;
}

export function parseTrustedProxies(value: string | undefined): Set<string> {
  return new Set(
    (value ?? "")
      .split(",")
      .map((s) => normalizeIp(s))
      .filter((s): s is string => s !== null),
  );
}

/** Whether the peer on this socket is one of the proxies whose forwarding headers are believed. */
export function fromTrustedProxy(remoteAddress: string | undefined, trusted: Set<string>): boolean {
  const peer = normalizeIp(remoteAddress);
  return peer !== null && trusted.has(peer);
}

/**
 * The client's address. X-Forwarded-For is believed only when the direct
 * peer is a configured proxy (fromTrustedProxy), and then read from the
 * right, skipping further trusted proxies: the left-most entries are
 * whatever the client wrote.
 */
export function resolveClientIp(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: Set<string>,
): string | null {
  const peer = normalizeIp(remoteAddress);
  if (!fromTrustedProxy(remoteAddress, trusted)) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "")).split(",");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp(hops[i]);
    if (!hop) return peer; // a malformed hop: stop believing the header there
    if (!trusted.has(hop)) return hop;
  }
  return peer;
}

/**
 * The subject an address is limited as: an IPv4 address itself, an IPv6
 * address by its /64, since one host is usually handed a whole /64 and could
 * otherwise take a fresh address for every request.
 */
export function addressLimitKey(ip: string | null): string {
  if (!ip) return "unknown";
  if (isIP(ip) !== 6) return ip;
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${ip}/64`).toString()}/64`;
}
