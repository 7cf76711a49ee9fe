"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/forms/field";
import { FormError } from "@/components/forms/form-error";
import { completeSetupAction, type SetupState } from "./actions";

export function SetupForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<SetupState, FormData>(completeSetupAction.bind(null, token), {});
  const e = state.fieldErrors ?? {};
  const v = state.values ?? {};
  return (
    <form action={action} className="space-y-4">
      <FormError message={state.error} />
      <Field name="name" label="Your name" autoComplete="name" errors={e.name} defaultValue={v.name} />
      <Field name="email" label="Email" type="email" autoComplete="username" required errors={e.email} defaultValue={v.email} />
      <Field name="password" label="Password" type="password" autoComplete="new-password" required errors={e.password} hint="At least 12 characters." />
      <Field name="orgName" label="Organisation name" required errors={e.orgName} defaultValue={v.orgName ?? "Default organisation"} />
      <Field name="orgSlug" label="Organisation URL slug" required errors={e.orgSlug} defaultValue={v.orgSlug ?? "default"} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Setting up…" : "Create owner and organisation"}
      </Button>
    </form>
  );
}
