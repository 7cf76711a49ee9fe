import ipaddr from "ipaddr.js";

/**
 * Whether a resolved address is an ordinary public unicast address. Every
 * special range ipaddr.js knows is refused: loopback, private (10/8,
 * 172.16/12, 192.168/16), link-local (169.254/16, fe80::/10, where cloud
 * metadata lives), unique-local fc00::/7, carrier-grade NAT, unspecified,
 * multicast, reserved and documentation ranges, and IPv6 forms that embed an
 * IPv4 address (NAT64, 6to4, Teredo) because they may lead back inside.
 * An IPv4-mapped IPv6 address is judged as the IPv4 address it maps; an
 * IPv4-compatible one (::/96) is refused.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  // ::/96, the deprecated IPv4-compatible form (::7f00:1 is 127.0.0.1):
  // ipaddr.js calls it unicast, but a stack that still maps it leads inside.
  // Nothing public lives in ::/96, so it is refused outright.
  if (parsed.kind() === "ipv6" && parsed.toByteArray().slice(0, 12).every((b) => b === 0)) return false;
  return parsed.range() === "unicast";
}
