"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/forms/field";
import { FormError } from "@/components/forms/form-error";
import { setAuditRetentionAction } from "../actions";

/** Keep everything, or a number of days. Shortening asks once, in words, what it will delete. */
export function RetentionForm({ orgSlug, days }: { orgSlug: string; days: number | null }) {
  const [state, action, pending] = useActionState(setAuditRetentionAction.bind(null, orgSlug), null);
  const [mode, setMode] = useState<"all" | "days">(days == null ? "all" : "days");
  const [value, setValue] = useState(String(days ?? 365));
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const shortening = mode === "days" && (days == null || Number(value) < days);
  return (
    <form
      action={action}
      className="space-y-4"
      onSubmit={(e) => {
        if (shortening && !window.confirm(`Events older than ${value} days will be deleted permanently. Continue?`)) e.preventDefault();
      }}
    >
      <FormError message={state && !state.ok && !state.fieldErrors ? state.error : null} />
      <fieldset className="space-y-3">
        <legend className="sr-only">Retention</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="mode" value="all" checked={mode === "all"} onChange={() => setMode("all")} />
          Keep every event (default)
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="mode" value="days" checked={mode === "days"} onChange={() => setMode("days")} />
          Delete events older than a number of days
        </label>
      </fieldset>
      {mode === "days" ? (
        <Field
          name="days"
          label="Keep events for (days)"
          type="number"
          min={30}
          max={3650}
          required
          value={value}
          onChange={(e) => setValue(e.target.value)}
          errors={errors?.days}
          hint="30 to 3650. Pruning runs on the server every few minutes and starts from a signed checkpoint."
        />
      ) : null}
      <div className="flex items-center justify-end gap-3">
        {state?.ok ? (
          <p role="status" className="text-sm text-success">
            Saved.
          </p>
        ) : null}
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save retention"}
        </Button>
      </div>
    </form>
  );
}
