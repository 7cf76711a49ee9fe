"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/forms/field";
import { FormError } from "@/components/forms/form-error";
import { REVIEW_CADENCE_MAX_DAYS, REVIEW_CADENCE_MIN_DAYS } from "@/lib/schemas/access-review";
import { setReviewCadenceAction } from "../actions";

export function CadenceForm({ orgSlug, days }: { orgSlug: string; days: number }) {
  const [value, setValue] = useState(String(days));
  const [error, setError] = useState<{ message: string; field?: string[] } | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const result = await setReviewCadenceAction(orgSlug, value);
          setSaved(result.ok);
          setError(result.ok ? null : { message: result.error, field: result.fieldErrors?.days });
        });
      }}
    >
      <div className="w-48">
        <Field name="days" label="Review every (days)" type="number" min={REVIEW_CADENCE_MIN_DAYS} max={REVIEW_CADENCE_MAX_DAYS} value={value} onChange={(e) => setValue(e.target.value)} errors={error?.field} />
      </div>
      <Button type="submit" variant="outline" disabled={pending}>
        {pending ? "Saving…" : "Save cadence"}
      </Button>
      {saved ? <p role="status" className="text-sm text-success">Saved.</p> : null}
      {error && !error.field ? <FormError message={error.message} /> : null}
    </form>
  );
}
