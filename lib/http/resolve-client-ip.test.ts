import { describe, expect, it } from "vitest";
import { parseTrustedProxies, resolveClientIp } from "./resolve-client-ip";

describe("resolveClientIp", () => {
  const trusted = parseTrustedProxies("10.0.0.1, 10.0.0.2");

  it("ignores X-Forwarded-For from an untrusted peer", () => {
    expect(resolveClientIp("203.0.113.9", "1.2.3.4", trusted)).toBe("203.0.113.9");
    expect(resolveClientIp("::ffff:203.0.113.9", undefined, trusted)).toBe("203.0.113.9");
  });

  it("reads X-Forwarded-For from the right when the peer is a trusted proxy", () => {
    expect(resolveClientIp("10.0.0.1", "6.6.6.6, 198.51.100.7", trusted)).toBe("198.51.100.7");
    expect(resolveClientIp("10.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2", trusted)).toBe("198.51.100.7");
  });

  it("stops at a malformed hop", () => {
    expect(resolveClientIp("10.0.0.1", "6.6.6.6, not-an-ip", trusted)).toBe("10.0.0.1");
  });
});

describe("addressLimitKey (issue 10, item 13)", () => {
  it("limits IPv6 clients by their /64 and IPv4 clients by their address", async () => {
    const { addressLimitKey } = await import("./resolve-client-ip");
    expect(addressLimitKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressLimitKey("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressLimitKey("2001:db8:1:3::1")).not.toBe(addressLimitKey("2001:db8:1:2::1"));
    expect(addressLimitKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressLimitKey(null)).toBe("unknown");
  });
});
