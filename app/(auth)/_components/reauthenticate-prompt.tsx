"use client";

import { useId, useState, useTransition } from "react";
import { usePathname } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { FormError } from "@/components/forms/form-error";
import type { ReauthenticationMethod } from "@/lib/auth/recent-authentication";
import { reauthenticateAction, reauthenticateWithSsoAction } from "../actions";

/**
 * "Confirm it is you", shown inside a dialog whose action the server refused
 * because the sign-in is older than 15 minutes. After the password is
 * confirmed, `onConfirmed` runs the refused action again; an SSO account
 * goes through its provider instead and comes back to this page.
 */
export function ReauthenticatePrompt({ method, onConfirmed }: { method: ReauthenticationMethod; onConfirmed: () => void }) {
  const pathname = usePathname();
  const id = useId();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const explanation = "Your sign-in is more than 15 minutes old. Confirm it is you to continue.";

  if (method === "sso") {
    return (
      <form action={reauthenticateWithSsoAction} aria-label="Confirm it is you" className="space-y-2 rounded-md border p-3">
        <p className="text-sm">{explanation}</p>
        <input type="hidden" name="returnTo" value={pathname} />
        <Button type="submit">Continue with SSO</Button>
      </form>
    );
  }

  const confirm = (e: React.FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      const result = await reauthenticateAction(password);
      if (!result.ok) {
        setError(result.fieldErrors?.password?.[0] ?? result.error);
        return;
      }
      setPassword("");
      setError(null);
      onConfirmed();
    });
  };

  return (
    <form onSubmit={confirm} aria-label="Confirm it is you" className="space-y-2 rounded-md border p-3">
      <p className="text-sm">{explanation}</p>
      <Label htmlFor={`${id}-password`}>Your password</Label>
      <Input id={`${id}-password`} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
      <FormError message={error} />
      <Button type="submit" disabled={pending || !password}>
        {pending ? "Checking…" : "Confirm"}
      </Button>
    </form>
  );
}
