import type { NextRequest, NextResponse } from "next/server";
import { resolveSession } from "./sessions";
import { consoleUsesHttps, sessionCookie } from "./session-policy";

/**
 * The sliding half of the session cookie. The database already extends a
 * session with activity (lastSeenAt, idle timeout) up to its absolute
 * lifetime; the cookie set at sign-in would still expire one idle period after
 * sign-in and throw an active user out. Whenever a request moves lastSeenAt,
 * the cookie is set again to expire at the new idle deadline, never past the
 * absolute one. A page view (a document request) always sets it: the request
 * that moved lastSeenAt may have been a prefetch the browser then aborted,
 * dropping its Set-Cookie, and lastSeenAt moves at most once a minute.
 *
 * Only on GET and HEAD, and never under /api/auth: there Auth.js sets or
 * clears this cookie itself (sign-in, sign-out), and two Set-Cookie headers
 * for one name in one response would race. Page views are GETs, so activity
 * still slides the cookie.
 */
export async function renewSessionCookie(request: NextRequest, response: NextResponse): Promise<void> {
  if (request.method !== "GET" && request.method !== "HEAD") return;
  if (request.nextUrl.pathname.startsWith("/api/auth/")) return;
  const cookie = sessionCookie(consoleUsesHttps());
  const token = request.cookies.get(cookie.name)?.value;
  if (!token) return;
  try {
    const active = await resolveSession(token);
    const pageView = request.headers.get("sec-fetch-dest") === "document";
    if (active && (active.renewed || pageView)) response.cookies.set(cookie.name, token, { ...cookie.options, expires: active.cookieExpiresAt });
  } catch (e) {
    // The page itself will meet the same database error and answer it; the
    // cookie simply keeps its expiry (health checks must not fail here).
    console.error(`[session] could not renew the session cookie: ${e instanceof Error ? e.message : String(e)}`);
  }
}
