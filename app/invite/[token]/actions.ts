"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { runAction, type ActionResult } from "@/lib/action";
import { signIn } from "@/lib/auth/auth";
import { requestContextFrom } from "@/lib/http/request-context";
import { acceptInvitation } from "@/lib/members/accept-invitation";
import { signUpWithInvitation } from "@/lib/members/sign-up-with-invitation";

export async function acceptInvitationAction(token: string, _prev: ActionResult<string> | null) {
  const result = await runAction(async (actor, session) => {
    const { org } = await acceptInvitation(actor, session.user.email, token);
    return org.slug;
  });
  if (result.ok) redirect(`/${result.data}`);
  return result;
}

export interface SignUpState {
  error?: string;
  fieldErrors?: Record<string, string[]>;
  values?: { name: string; email: string };
}

/** Public by necessity: the invitation token is what authorises creating the account. */
export async function signUpWithInvitationAction(token: string, _prev: SignUpState, form: FormData): Promise<SignUpState> {
  const input = {
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? ""),
    password: String(form.get("password") ?? ""),
  };
  let slug: string;
  try {
    const { org } = await signUpWithInvitation(token, input, requestContextFrom(await headers()));
    slug = org.slug;
  } catch (e) {
    const values = { name: input.name, email: input.email };
    if (isAppError(e)) return { error: e.fieldErrors ? undefined : e.userMessage, fieldErrors: e.fieldErrors, values };
    console.error("[invite] unexpected error", e);
    return { error: "Sign-up failed. Nothing was saved; try again.", values };
  }
  await signIn("credentials", { email: input.email, password: input.password, redirectTo: `/${slug}` });
  return {};
}
