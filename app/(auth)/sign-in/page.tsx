import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentSession } from "@/lib/auth/current-session";
import { oidcConfigured, env } from "@/lib/env";
import { safeCallbackUrl } from "@/lib/http/safe-callback-url";
import { hasAnyUser } from "@/lib/setup/setup-instance";
import { SignInForm } from "./_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const oauthErrors: Record<string, string> = {
  AccessDenied: "Access was denied by the identity provider.",
  Configuration: "Single sign-on is misconfigured. Ask your operator.",
  CallbackRouteError: "Single sign-on could not complete. Try again.",
  SsoEmailUnverified: "Single sign-on could not complete. Your provider must share a verified email address.",
  SsoAccountExists:
    "An account with this email already exists. Sign in with its password, then link single sign-on from the account menu.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await currentSession()) redirect(callbackUrl);
  const notSetUp = !(await hasAnyUser());
  return (
    <main className="flex min-h-screen items-center justify-center bg-muted/40 p-6">
      <div className="w-full max-w-sm space-y-6">
        <div className="space-y-1 text-center">
          <h1 className="text-2xl font-semibold tracking-tight">Sign in to Tessera</h1>
          <p className="text-sm text-muted-foreground">Service accounts for your organisation</p>
        </div>
        {notSetUp ? (
          <p role="status" className="rounded-md border p-3 text-sm text-muted-foreground">
            Tessera has no users yet. Open the setup link that <code>npm start</code> printed to create the first owner.
          </p>
        ) : null}
        <SignInForm
          callbackUrl={callbackUrl}
          oidcName={oidcConfigured() ? env().AUTH_OIDC_NAME : null}
          initialError={params.error ? (oauthErrors[params.error] ?? "Sign-in failed. Try again.") : undefined}
        />
      </div>
    </main>
  );
}
