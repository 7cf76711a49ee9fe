import { env, publicUrl } from "../env";

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
  /** lastSeenAt is written at most this often, to keep reads cheap. */
  touchEveryMs: number;
}

export function sessionPolicy(): SessionPolicy {
  const e = env();
  return {
    idleMs: e.TESSERA_SESSION_IDLE_MINUTES * 60_000,
    absoluteMs: e.TESSERA_SESSION_MAX_HOURS * 3_600_000,
    touchEveryMs: 60_000,
  };
}

/**
 * Cookie settings. Over https the cookie takes the `__Host-` prefix, which
 * browsers only accept with Secure, Path=/ and no Domain: it cannot be set
 * or shadowed by a sibling subdomain.
 */
export function sessionCookie(secure: boolean) {
  return {
    name: secure ? "__Host-tessera.session" : "tessera.session",
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
  };
}

/** Secure cookies exactly when the console is served over https (AUTH_URL). */
export const consoleUsesHttps = () => publicUrl().startsWith("https:");
