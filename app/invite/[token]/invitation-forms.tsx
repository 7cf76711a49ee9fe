"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/forms/field";
import { FormError } from "@/components/forms/form-error";
import { acceptInvitationAction, signUpWithInvitationAction, type SignUpState } from "./actions";

export function AcceptInvitation({ token, email }: { token: string; email: string }) {
  const [state, action, pending] = useActionState(acceptInvitationAction.bind(null, token), null);
  return (
    <form action={action} className="space-y-4">
      <FormError message={state && !state.ok ? state.error : null} />
      <p className="text-sm text-muted-foreground">Signed in as {email}.</p>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Joining…" : "Accept invitation"}
      </Button>
    </form>
  );
}

export function SignUpWithInvitation({ token, email }: { token: string; email: string | null }) {
  const [state, action, pending] = useActionState<SignUpState, FormData>(signUpWithInvitationAction.bind(null, token), {});
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4">
      <FormError message={state.error} />
      <Field name="name" label="Your name" autoComplete="name" errors={e.name} defaultValue={state.values?.name} />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        errors={e.email}
        defaultValue={email ?? state.values?.email}
       
        readOnly={Boolean(email)}
      />
      <Field name="password" label="Password" type="password" autoComplete="new-password" required errors={e.password} hint="At least 12 characters." />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Create account and join"}
      </Button>
    </form>
  );
}
