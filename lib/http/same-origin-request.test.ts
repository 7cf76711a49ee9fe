import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./same-origin-request";

const ORIGIN = "https://console.example.test";
const check = (headers: Record<string, string>) => isSameOriginRequest(new Headers(headers), ORIGIN);

describe("isSameOriginRequest", () => {
  it("accepts what a browser marks as coming from the console itself", () => {
    expect(check({ "sec-fetch-site": "same-origin", origin: ORIGIN })).toBe(true);
    expect(check({ "sec-fetch-site": "same-origin" })).toBe(true);
  });

  it("refuses sibling origins, other sites and direct navigations, whatever Origin claims", () => {
    for (const site of ["same-site", "cross-site", "none"]) {
      expect(check({ "sec-fetch-site": site, origin: ORIGIN }), site).toBe(false);
    }
  });

  it("falls back to Origin for browsers without Fetch Metadata", () => {
    expect(check({ origin: ORIGIN })).toBe(true);
    expect(check({ origin: "https://console.example.test.evil.example" })).toBe(false);
    expect(check({ origin: "http://console.example.test" })).toBe(false);
    expect(check({ origin: "null" })).toBe(false);
  });

  it("refuses a request that says nothing about where it comes from", () => {
    expect(check({})).toBe(false);
  });
});
