/**
 * The HTTP security headers of every Tessera response, in one place: the
 * console's proxy (proxy.ts) applies `securityHeaders` to pages and routes,
 * Tessera's own server applies `apiSecurityHeaders` to what it answers before
 * Next's router, and next.config applies `staticAssetHeaders` to build assets.
 */
export interface SecurityHeaderOptions {
  /** The console is served over https (AUTH_URL): adds HSTS and upgrade-insecure-requests. */
  https: boolean;
}

export interface PageSecurityHeaderOptions extends SecurityHeaderOptions {
  /** A fresh, unguessable value per response; scripts run only with it. */
  nonce: string;
  /** `next dev` only: React's dev tooling needs eval and the HMR websocket. Never in production. */
  dev?: boolean;
  /** Origins forms may post to besides the console (the SSO provider, which a sign-in redirects to). */
  formActionOrigins?: string[];
}

export type HeaderMap = Record<string, string>;

const TWO_YEARS_SECONDS = 63_072_000;

/** Powerful browser features the console never uses, switched off for it and anything it embeds. */
const DISABLED_FEATURES = [
  "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "hid",
  "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock",
  "serial", "usb", "xr-spatial-tracking",
];

/** Headers that do not depend on what the response is. */
function baseHeaders({ https }: SecurityHeaderOptions): HeaderMap {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    // frame-ancestors supersedes it; kept for browsers that predate CSP 2.
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": DISABLED_FEATURES.map((feature) => `${feature}=()`).join(", "),
    // Only over https: a browser ignores HSTS on http, and sending it from a
    // plain-http console would be a promise the deployment does not keep.
    ...(https ? { "Strict-Transport-Security": `max-age=${TWO_YEARS_SECONDS}; includeSubDomains` } : {}),
  };
}

const policy = (directives: (string | false)[]) => directives.filter(Boolean).join("; ");

/**
 * Headers for the console's pages (and any route the proxy sees). Scripts run
 * only with this response's nonce; 'strict-dynamic' lets them load the app's
 * own chunks. Styles may be inline: Radix, Recharts and Sonner set style
 * attributes and inject <style> at runtime, and a nonce cannot cover those;
 * CSS cannot run code, and every other source stays 'self'.
 */
export function securityHeaders({ nonce, https, dev = false, formActionOrigins = [] }: PageSecurityHeaderOptions): HeaderMap {
  if (!/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(nonce)) throw new Error("A CSP nonce must be at least 16 base64 characters");
  const csp = policy([
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    `form-action ${["'self'", ...formActionOrigins].join(" ")}`,
    "frame-ancestors 'none'",
    https && "upgrade-insecure-requests",
  ]);
  return { ...baseHeaders({ https }), "Content-Security-Policy": csp };
}

/**
 * Headers for responses that are not pages (JSON, token responses, plain
 * text): nothing in them may run, load or be framed if a browser renders one.
 */
export function apiSecurityHeaders(options: SecurityHeaderOptions): HeaderMap {
  return {
    ...baseHeaders(options),
    "Content-Security-Policy": "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  };
}

/**
 * For build assets (`/_next/static`), whose headers next.config fixes at build
 * time: only what does not depend on the deployment. HSTS comes with every
 * page and route of the same host.
 */
export function staticAssetHeaders(): HeaderMap {
  return apiSecurityHeaders({ https: false });
}

/** A CSP nonce: 128 bits from the CSPRNG, base64. Web Crypto, so it runs wherever the proxy runs. */
export function newCspNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
