"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn, signOut, OIDC_PROVIDER_ID } from "@/lib/auth/auth";
import { safeCallbackUrl } from "@/lib/http/safe-callback-url";
import { runAction, type ActionResult } from "@/lib/action";
import { reauthenticateWithPassword } from "@/lib/auth/reauthenticate-with-password";

export interface SignInState {
  error?: string;
  email?: string;
}

export async function signInWithPasswordAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  try {
    await signIn("credentials", {
      email,
      password: String(form.get("password") ?? ""),
      redirectTo: safeCallbackUrl(form.get("callbackUrl")),
    });
    return {};
  } catch (e) {
    if (e instanceof CredentialsSignin) {
      return {
        email,
        error:
          e.code === "throttled"
            ? "Too many failed attempts. Wait a few minutes, then try again."
            : "Wrong email or password.",
      };
    }
    if (e instanceof AuthError) return { email, error: "Sign-in failed. Try again." };
    throw e; // the redirect after a successful sign-in
  }
}

export async function signInWithOidcAction(form: FormData): Promise<void> {
  await signIn(OIDC_PROVIDER_ID, { redirectTo: safeCallbackUrl(form.get("callbackUrl")) });
}

/** Ends the session in the database, not just the cookie (Auth.js's signOut event, see lib/auth/auth.ts). */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}

/** The console's "confirm it is you" step: the password again moves this session's authentication time to now. */
export async function reauthenticateAction(password: string): Promise<ActionResult> {
  return runAction(async (actor, session) => {
    await reauthenticateWithPassword(session, { password }, { clientIp: actor.clientIp, userAgent: actor.userAgent, requestId: actor.requestId ?? undefined });
    return undefined;
  });
}

/**
 * The same for an account that signs in with SSO: a new sign-in at the
 * provider, which must ask for the person again (prompt=login, max_age=0),
 * starts a fresh session and comes back to the page.
 */
export async function reauthenticateWithSsoAction(form: FormData): Promise<void> {
  await signIn(OIDC_PROVIDER_ID, { redirectTo: safeCallbackUrl(form.get("returnTo")) }, { prompt: "login", max_age: "0" });
}
