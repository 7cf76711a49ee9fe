import { NextResponse, type NextRequest } from "next/server";
import { env, oidcConfigured } from "@/lib/env";
import { newCspNonce, securityHeaders } from "@/lib/http/security-headers";
import { consoleUsesHttps } from "@/lib/auth/session-policy";
import { renewSessionCookie } from "@/lib/auth/renew-session-cookie";

/**
 * Runs before every page and route (build assets excepted, see `config`):
 * the security headers with a fresh CSP nonce, and the sliding session cookie.
 * Next.js reads the nonce from the request's Content-Security-Policy header
 * and puts it on its own scripts; `x-nonce` passes it to the root layout.
 * Headers set on this response stay on whatever the route answers, errors
 * and 404s included.
 */
export async function proxy(request: NextRequest) {
  const nonce = newCspNonce();
  const headers = securityHeaders({
    nonce,
    https: consoleUsesHttps(),
    dev: process.env.NODE_ENV === "development",
    formActionOrigins: ssoOrigin(),
  });
  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("content-security-policy", headers["Content-Security-Policy"]!);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  await renewSessionCookie(request, response);
  return response;
}

/** "Continue with SSO" posts a form whose answer redirects to the provider; CSP's form-action covers that redirect. */
function ssoOrigin(): string[] {
  return oidcConfigured() ? [new URL(env().AUTH_OIDC_ISSUER!).origin] : [];
}

export const config = {
  // Build assets get their (deployment-independent) headers from next.config.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
