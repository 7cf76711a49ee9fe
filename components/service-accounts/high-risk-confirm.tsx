"use client";

import { useId } from "react";
import { TriangleAlert } from "lucide-react";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";

/** The explicit acknowledgement required before granting high-risk scopes. */
export function HighRiskConfirm({
  scopes,
  checked,
  onCheckedChange,
  error,
}: {
  scopes: string[];
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  error?: string | null;
}) {
  const id = useId();
  if (scopes.length === 0) return null;
  return (
    <div className="space-y-2 rounded-md border border-warning/50 bg-warning/10 p-3">
      <p className="flex items-center gap-2 text-sm font-medium">
        <TriangleAlert className="size-4 text-warning" aria-hidden />
        High-risk scope{scopes.length > 1 ? "s" : ""}: <span className="font-mono">{scopes.join(", ")}</span>
      </p>
      <div className="flex items-start gap-2">
        <Checkbox
          id={id}
          checked={checked}
          onCheckedChange={(v) => onCheckedChange(v === true)}
          aria-invalid={Boolean(error) || undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <Label htmlFor={id} className="leading-snug font-normal">
          I confirm this account needs the high-risk access above
        </Label>
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
