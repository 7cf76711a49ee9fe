import { describe, expect, it } from "vitest";
import { NextRequest, NextResponse } from "next/server";
import { db } from "../db";
import { sha256Hex } from "../crypto/random";
import { makeUser } from "../testing/factories";
import { renewSessionCookie } from "./renew-session-cookie";
import { createSession } from "./sessions";

const MINUTE = 60_000;
const IDLE_MS = 8 * 60 * MINUTE; // TESSERA_SESSION_IDLE_MINUTES default

/** A session whose last activity was `idleFor` ago, and the Set-Cookie the proxy answers a request carrying it with. */
async function renewal(init: { method?: string; path?: string; dest?: string }, clock: { idleFor: number; endsIn?: number }) {
  const user = await makeUser();
  const token = await createSession(user.id);
  const now = Date.now();
  await db().session.update({
    where: { tokenHash: sha256Hex(token) },
    data: { lastSeenAt: new Date(now - clock.idleFor), ...(clock.endsIn ? { expiresAt: new Date(now + clock.endsIn) } : {}) },
  });
  const request = new NextRequest(`http://localhost:3000${init.path ?? "/acme/audit"}`, {
    method: init.method ?? "GET",
    headers: { cookie: `tessera.session=${token}`, ...(init.dest ? { "sec-fetch-dest": init.dest } : {}) },
  });
  const response = NextResponse.next();
  await renewSessionCookie(request, response);
  const cookie = response.cookies.get("tessera.session");
  return { token, cookie, expiresInMs: cookie?.expires ? new Date(cookie.expires).getTime() - now : null };
}

describe("renewSessionCookie (the sliding session cookie)", () => {
  it("sets the cookie again when activity moves lastSeenAt, to a full idle period from now", async () => {
    const { token, cookie, expiresInMs } = await renewal({ dest: "empty" }, { idleFor: 10 * MINUTE });
    expect(cookie).toMatchObject({ value: token, httpOnly: true, sameSite: "lax", path: "/" });
    expect(expiresInMs).toBeGreaterThan(IDLE_MS - MINUTE);
    expect(expiresInMs).toBeLessThanOrEqual(IDLE_MS + MINUTE);
  });

  it("never sets it past the session's absolute end", async () => {
    const { expiresInMs } = await renewal({ dest: "document" }, { idleFor: 10 * MINUTE, endsIn: 30 * MINUTE });
    expect(expiresInMs).toBeGreaterThan(29 * MINUTE);
    expect(expiresInMs).toBeLessThanOrEqual(30 * MINUTE);
  });

  it("always sets it on a page view, and leaves it alone on other requests when nothing moved", async () => {
    expect((await renewal({ dest: "document" }, { idleFor: 10_000 })).cookie).toBeDefined();
    expect((await renewal({ dest: "empty" }, { idleFor: 10_000 })).cookie).toBeUndefined();
  });

  it("leaves Auth.js's routes and every non-GET request to set or clear the cookie themselves", async () => {
    expect((await renewal({ path: "/api/auth/signout", dest: "document" }, { idleFor: 10 * MINUTE })).cookie).toBeUndefined();
    expect((await renewal({ method: "POST", dest: "document" }, { idleFor: 10 * MINUTE })).cookie).toBeUndefined();
  });

  it("sets nothing for a session that has ended", async () => {
    expect((await renewal({ dest: "document" }, { idleFor: IDLE_MS + MINUTE })).cookie).toBeUndefined();
  });
});
