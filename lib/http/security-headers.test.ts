import { afterAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { apiSecurityHeaders, newCspNonce, securityHeaders, staticAssetHeaders } from "./security-headers";

const nonce = newCspNonce();
const directives = (csp: string) => Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("securityHeaders", () => {
  it("allows scripts only with this response's nonce, never eval or inline, and is never framed", () => {
    const csp = directives(securityHeaders({ nonce, https: false })["Content-Security-Policy"]!);
    expect(csp["script-src"]).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'none'"]);
    expect(csp["default-src"]).toEqual(["'self'"]);
  });

  it("adds 'unsafe-eval' only for next dev", () => {
    expect(securityHeaders({ nonce, https: false, dev: true })["Content-Security-Policy"]).toContain("'unsafe-eval'");
    expect(securityHeaders({ nonce, https: true })["Content-Security-Policy"]).not.toContain("unsafe-eval");
  });

  it("sends HSTS and upgrades requests only when the console runs over https", () => {
    const https = securityHeaders({ nonce, https: true });
    expect(https["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    expect(https["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
    const http = securityHeaders({ nonce, https: false });
    expect(http["Strict-Transport-Security"]).toBeUndefined();
    expect(http["Content-Security-Policy"]).not.toContain("upgrade-insecure-requests");
    expect(apiSecurityHeaders({ https: true })["Strict-Transport-Security"]).toBeDefined();
    expect(staticAssetHeaders()["Strict-Transport-Security"]).toBeUndefined();
  });

  it("sends the same isolation headers on pages, API answers and assets", () => {
    for (const headers of [securityHeaders({ nonce, https: true }), apiSecurityHeaders({ https: true }), staticAssetHeaders()]) {
      expect(headers).toMatchObject({
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Frame-Options": "DENY",
      });
      expect(headers["Permissions-Policy"]).toMatch(/^(?:[a-z-]+=\(\)(?:, |$))+$/);
      expect(headers["Permissions-Policy"]).toContain("camera=()");
      expect(headers["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    }
    expect(apiSecurityHeaders({ https: false })["Content-Security-Policy"]).toMatch(/^default-src 'none'/);
  });

  it("lets forms post only to the console and the SSO provider", () => {
    const csp = directives(securityHeaders({ nonce, https: false, formActionOrigins: ["https://sso.example.test"] })["Content-Security-Policy"]!);
    expect(csp["form-action"]).toEqual(["'self'", "https://sso.example.test"]);
  });

  it("refuses a nonce that is too short to be unguessable", () => {
    expect(() => securityHeaders({ nonce: "abc", https: false })).toThrow("A CSP nonce must be at least 16 base64 characters");
    expect(new Set(Array.from({ length: 50 }, newCspNonce)).size).toBe(50);
  });
});

describe("proxy", () => {
  const saved = { AUTH_URL: process.env.AUTH_URL, AUTH_OIDC_ISSUER: process.env.AUTH_OIDC_ISSUER };
  afterAll(() => Object.assign(process.env, saved));

  it("puts a fresh nonce on the request for Next.js and the same policy, with HSTS, on the response of an https console", async () => {
    process.env.AUTH_URL = "https://console.example.test";
    const { proxy } = await import("../../proxy");
    const first = await proxy(new NextRequest("https://console.example.test/acme/audit"));
    const second = await proxy(new NextRequest("https://console.example.test/acme/audit"));
    const csp = first.headers.get("content-security-policy")!;
    expect(csp).toMatch(/'nonce-[A-Za-z0-9+/]{22}=='/);
    expect(csp).not.toBe(second.headers.get("content-security-policy"));
    expect(first.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    // NextResponse.next({ request: { headers } }) hands the request headers to Next.js this way.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(csp).toContain(`'nonce-${first.headers.get("x-middleware-request-x-nonce")}'`);
  });
});
