import ipaddr from "ipaddr.js";

/**
 * Whether a resolved address is an ordinary public unicast address. Every
 * special range ipaddr.js knows is refused: loopback, private (10/8,
 * 172.16/12, 192.168/16), link-local (169.254/16, fe80::/10, where cloud
 * metadata lives), unique-local fc00::/7, carrier-grade NAT, unspecified,
 * multicast, reserved and documentation ranges, and IPv6 forms that embed an
 * IPv4 address (NAT64, 6to4, Teredo) because they may lead back inside.
 * An IPv4-mapped IPv6 address is judged as the IPv4 address it maps.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === "unicast";
}
