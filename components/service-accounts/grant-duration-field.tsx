"use client";

import { Field } from "@/components/forms/field";

/**
 * How long the scopes a change adds are held: "8h", "30m", "7d" (empty: no
 * end). Counted from approval when the change waits for one.
 */
export function GrantDurationField({ id, value, onChange, error }: { id: string; value: string; onChange: (v: string) => void; error?: string }) {
  return (
    <Field
      id={id}
      name="grantFor"
      label="Time-box new scopes (optional)"
      placeholder="e.g. 8h, 30m, 7d"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      errors={error ? [error] : undefined}
      hint="Scopes this change adds are removed by themselves after this long (counted from approval when one is needed). Empty: no end."
      autoComplete="off"
    />
  );
}
