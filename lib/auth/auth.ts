import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cookies, headers } from "next/headers";
import { env, oidcConfigured, tesseraSecret } from "../env";
import { hmacSha256Hex } from "../crypto/random";
import { requestContextFrom, type RequestContext } from "../http/request-context";
import { createSession, endSession, resolveSession } from "./sessions";
import { consoleUsesHttps, sessionCookie, sessionPolicy } from "./session-policy";
import { signInWithPassword } from "./sign-in-with-password";
import { OidcSignInRefused, signInWithOidc, type OidcRefusal } from "./sign-in-with-oidc";
import { signOutSession } from "./sign-out-session";

export class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}
export class SignInThrottled extends CredentialsSignin {
  code = "throttled";
}

export const OIDC_PROVIDER_ID = "oidc";

async function currentRequestContext(): Promise<Partial<RequestContext>> {
  try {
    return requestContextFrom(await headers());
  } catch {
    return {};
  }
}

/** `error` values the sign-in page explains (app/(auth)/sign-in/page.tsx). */
export const OIDC_REFUSAL_ERRORS: Record<OidcRefusal, string> = {
  account_exists: "SsoAccountExists",
  email_unverified: "SsoEmailUnverified",
};

/** The live console session this browser already holds, if any (an SSO sign-in may link to its account). */
async function sessionOfThisBrowser(): Promise<{ token: string; userId: string } | null> {
  const token = (await cookies()).get(sessionCookie(consoleUsesHttps()).name)?.value;
  const active = token ? await resolveSession(token) : null;
  return token && active ? { token, userId: active.user.id } : null;
}

/**
 * Auth.js runs the sign-in flows (credentials, OIDC with state and PKCE, CSRF);
 * sessions are Tessera's own. The "JWT" Auth.js would put in the cookie is
 * replaced by an opaque 256-bit session token backed by a database row, so
 * sign-out, idle timeout, absolute lifetime and member removal all take
 * effect server-side on the next request.
 */
function config(): NextAuthConfig {
  const e = env();
  const secure = consoleUsesHttps();
  const cookie = sessionCookie(secure);
  const policy = sessionPolicy();
  return {
    trustHost: true,
    secret: hmacSha256Hex(tesseraSecret(), "authjs"),
    useSecureCookies: secure,
    // The cookie set at sign-in lives one idle period (never past the absolute
    // lifetime); proxy.ts slides it with activity (see renew-session-cookie.ts).
    session: { strategy: "jwt", maxAge: Math.floor(Math.min(policy.idleMs, policy.absoluteMs) / 1000) },
    cookies: { sessionToken: cookie },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      Credentials({
        id: "credentials",
        credentials: { email: {}, password: {} },
        async authorize(credentials, request) {
          const result = await signInWithPassword(
            { email: String(credentials.email ?? ""), password: String(credentials.password ?? "") },
            requestContextFrom(request.headers),
          );
          if (result.ok) return result.user;
          if (result.reason === "throttled") throw new SignInThrottled();
          throw new InvalidCredentials();
        },
      }),
      ...(oidcConfigured()
        ? [
            {
              id: OIDC_PROVIDER_ID,
              name: e.AUTH_OIDC_NAME,
              type: "oidc" as const,
              issuer: e.AUTH_OIDC_ISSUER,
              clientId: e.AUTH_OIDC_CLIENT_ID,
              clientSecret: e.AUTH_OIDC_CLIENT_SECRET,
              checks: ["pkce", "state", "nonce"] as ("pkce" | "state" | "nonce")[],
            },
          ]
        : []),
    ],
    callbacks: {
      // OIDC: map the provider's identity to a Tessera user before Auth.js
      // goes on; a refusal sends the browser back to the sign-in page with
      // its reason instead of Auth.js's generic error.
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        if (!profile?.sub) return false;
        const signedIn = await sessionOfThisBrowser();
        try {
          const mapped = await signInWithOidc(
            {
              provider: OIDC_PROVIDER_ID,
              subject: profile.sub,
              email: profile.email,
              emailVerified: profile.email_verified as boolean | undefined,
              name: profile.name,
            },
            { ...(await currentRequestContext()), signedInUserId: signedIn?.userId },
          );
          // The session that is about to replace this browser's current one must not outlive it elsewhere.
          if (signedIn) await endSession(signedIn.token);
          Object.assign(user, mapped);
          return true;
        } catch (e) {
          if (e instanceof OidcSignInRefused) return `/sign-in?error=${OIDC_REFUSAL_ERRORS[e.reason]}`;
          throw e;
        }
      },
      jwt({ token, user }) {
        if (user?.id) return { sub: user.id, email: user.email, name: user.name };
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    jwt: {
      // The cookie value is the session token itself; see the comment above.
      async encode({ token }) {
        if (typeof token?.sessionToken === "string") return token.sessionToken;
        if (!token?.sub) throw new Error("No user to start a session for");
        const ctx = await currentRequestContext();
        return createSession(token.sub, { clientIp: ctx.clientIp, userAgent: ctx.userAgent });
      },
      async decode({ token }) {
        if (!token) return null;
        const active = await resolveSession(token);
        if (!active) return null;
        return { sub: active.user.id, email: active.user.email, name: active.user.name, sessionToken: token };
      },
    },
    events: {
      // Every way of signing out (the console's menu, Auth.js's own POST
      // /api/auth/signout) ends the session in the database, so the cookie,
      // wherever a copy of it is, stops working; clearing it alone would not.
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (typeof token?.sessionToken === "string") await signOutSession(token.sessionToken);
      },
    },
    logger: {
      // An expired or ended session is routine, not an error worth a stack trace.
      error(error) {
        // Class names are minified in production builds; Auth.js errors carry a stable `type`.
        const type = (error as { type?: string }).type ?? error.name;
        if (type === "JWTSessionError" || type === "CredentialsSignin") return;
        const cause = (error as { cause?: { err?: Error } & Error }).cause;
        const err = cause?.err as (Error & { error?: string; error_description?: string }) | undefined;
        const detail = [err?.message ?? cause?.message, err?.error, err?.error_description].filter(Boolean).join(" / ");
        console.error(`[auth] ${type}${detail ? `: ${detail}` : ""}`);
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
