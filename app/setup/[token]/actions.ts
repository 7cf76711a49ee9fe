"use server";

import { headers } from "next/headers";
import { isAppError } from "@/lib/errors";
import { signIn } from "@/lib/auth/auth";
import { requestContextFrom } from "@/lib/http/request-context";
import { completeSetup } from "@/lib/setup/setup-link";

export interface SetupState {
  error?: string;
  fieldErrors?: Record<string, string[]>;
  /** What was typed (never the password), so the form can show it again. */
  values?: Record<string, string>;
}

/** Public by necessity (no user exists yet); the one-time token is the authorisation. */
export async function completeSetupAction(token: string, _prev: SetupState, form: FormData): Promise<SetupState> {
  const input = {
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? ""),
    password: String(form.get("password") ?? ""),
    orgName: String(form.get("orgName") ?? ""),
    orgSlug: String(form.get("orgSlug") ?? ""),
  };
  let slug: string;
  try {
    const { org } = await completeSetup(token, input, requestContextFrom(await headers()));
    slug = org.slug;
  } catch (e) {
    const { password: _password, ...values } = input;
    if (isAppError(e)) return { error: e.fieldErrors ? undefined : e.userMessage, fieldErrors: e.fieldErrors, values };
    console.error("[setup] unexpected error", e);
    return { error: "Setup failed. Nothing was saved; try again.", values };
  }
  await signIn("credentials", { email: input.email, password: input.password, redirectTo: `/${slug}` });
  return {};
}
