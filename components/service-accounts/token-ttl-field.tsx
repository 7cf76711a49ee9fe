"use client";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { TOKEN_TTL_MAX, TOKEN_TTL_MIN } from "@/lib/schemas/service-account";

const PRESETS = [
  { seconds: 300, label: "5 min" },
  { seconds: 900, label: "15 min" },
  { seconds: 3600, label: "1 h" },
  { seconds: 28_800, label: "8 h" },
  { seconds: 86_400, label: "24 h" },
];

/**
 * Access-token lifetime: presets plus free seconds. The value stays a string
 * so that whatever was typed reaches the server's schema, whose message is
 * then shown under the field.
 */
export function TokenTtlField({ id, value, onChange, error }: { id: string; value: string; onChange: (v: string) => void; error?: string }) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Access-token lifetime</legend>
      <div className="flex flex-wrap gap-1" role="group" aria-label="Lifetime presets">
        {PRESETS.map((p) => (
          <Button
            key={p.seconds}
            type="button"
            size="sm"
            variant={value === String(p.seconds) ? "default" : "outline"}
            aria-pressed={value === String(p.seconds)}
            onClick={() => onChange(String(p.seconds))}
          >
            {p.label}
          </Button>
        ))}
      </div>
      <div className="flex items-center gap-2">
        <Label htmlFor={id} className="shrink-0 font-normal">
          Token lifetime (seconds)
        </Label>
        <Input
          id={id}
          inputMode="numeric"
          className="w-32"
          value={value}
          onChange={(e) => onChange(e.target.value.trim())}
          aria-invalid={Boolean(error) || undefined}
          aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        />
      </div>
      <p id={hintId} className="text-xs text-muted-foreground">
        Between {TOKEN_TTL_MIN} and {TOKEN_TTL_MAX} seconds. Shorter is safer; clients cache and renew tokens themselves.
      </p>
      {error ? (
        <p id={errorId} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
