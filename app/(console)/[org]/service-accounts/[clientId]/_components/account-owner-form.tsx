"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { FormError } from "@/components/forms/form-error";
import { NativeSelect } from "@/components/forms/native-select";
import { setServiceAccountOwnerAction } from "../actions";

/** Choose the member who answers for this account in access reviews. */
export function AccountOwnerForm({ orgSlug, clientId, ownerEmail, members }: { orgSlug: string; clientId: string; ownerEmail: string | null; members: string[] }) {
  const [value, setValue] = useState(ownerEmail ?? "");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();
  // A former member stays named until someone else is chosen.
  const options = ownerEmail && !members.includes(ownerEmail) ? [ownerEmail, ...members] : members;
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const result = await setServiceAccountOwnerAction(orgSlug, clientId, value || null);
          setError(result.ok ? null : result.error);
          setSaved(result.ok);
        });
      }}
    >
      <div className="min-w-64 space-y-1">
        <Label htmlFor="account-owner">Owner</Label>
        <NativeSelect id="account-owner" value={value} onChange={(e) => { setValue(e.target.value); setSaved(false); }}>
          <option value="">Nobody</option>
          {options.map((email) => (
            <option key={email} value={email}>
              {email}
            </option>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit" variant="outline" disabled={pending || value === (ownerEmail ?? "")}>
        {pending ? "Saving…" : "Save owner"}
      </Button>
      {saved ? <p role="status" className="text-sm text-success">Saved.</p> : null}
      <FormError message={error} />
    </form>
  );
}
