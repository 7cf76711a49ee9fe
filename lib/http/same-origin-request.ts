import { consoleOrigin } from "../env";

/**
 * Whether a cookie-authenticated request that changes something was sent by
 * the console's own pages. SameSite=Lax keeps the session cookie off
 * cross-site POSTs, but not off those from a sibling origin of the same site
 * (another port or subdomain), so every such route asks this first.
 *
 * Browsers state where a request comes from in `Sec-Fetch-Site`, which pages
 * cannot forge; when it is present it decides. Older browsers that lack it
 * still send `Origin` on a POST, which must then be the console's origin.
 * A request with neither is refused: it did not come from a browser page of
 * ours, and the console has no other callers that use its cookie.
 */
export function isSameOriginRequest(headers: Headers, origin = consoleOrigin()): boolean {
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin";
  return headers.get("origin") === origin;
}

/** The answer to a refused cross-origin request; says no more than that. */
export function crossOriginRefusal(): Response {
  return new Response("Cross-origin request refused", { status: 403, headers: { "Cache-Control": "no-store" } });
}
