"use client";

import { useState } from "react";
import { X } from "lucide-react";
import { audienceSchema } from "@/lib/schemas/service-account";
import { MAX_AUDIENCES } from "@/lib/service-accounts/policy";
import { cn } from "@/lib/utils";

/**
 * State of a multi-value audience field. Enter or a comma turns the draft
 * into a chip after checking it with the same schema the server uses; a
 * pasted list splits on commas and new lines (never on spaces, which are
 * invalid inside an audience and must be reported, not silently split).
 */
export function useAudienceField(initial: string[] = []) {
  const [values, setValues] = useState<string[]>(initial);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);

  /** Adds the draft; returns the resulting list, or null when the draft is invalid. */
  const commit = (text = draft): string[] | null => {
    const items = text.split(/[,\n]+/).map((s) => s.trim()).filter(Boolean);
    let next = values;
    for (const item of items) {
      const parsed = audienceSchema.safeParse(item);
      if (!parsed.success) {
        setError(`“${item}”: ${parsed.error.issues[0]?.message ?? "not a valid audience"}`);
        return null;
      }
      if (next.includes(parsed.data)) continue;
      if (next.length >= MAX_AUDIENCES) {
        setError(`At most ${MAX_AUDIENCES} audiences`);
        return null;
      }
      next = [...next, parsed.data];
    }
    setValues(next);
    setDraft("");
    setError(null);
    return next;
  };

  const remove = (audience: string) => {
    setValues((v) => v.filter((a) => a !== audience));
    setError(null);
  };

  const reset = (to: string[]) => {
    setValues(to);
    setDraft("");
    setError(null);
  };

  return { values, draft, setDraft, error, setError, commit, remove, reset };
}
export type AudienceField = ReturnType<typeof useAudienceField>;

export function AudienceInput({
  id,
  field,
  serverError,
  hintId,
}: {
  id: string;
  field: AudienceField;
  serverError?: string;
  hintId?: string;
}) {
  const message = field.error ?? serverError;
  const errorId = `${id}-error`;
  return (
    <div className="space-y-2">
      <div
        className={cn(
          "flex min-h-9 w-full flex-wrap items-center gap-1 rounded-md border border-input px-2 py-1 shadow-xs focus-within:border-ring focus-within:ring-[3px] focus-within:ring-ring/50 dark:bg-input/30",
          message && "border-destructive",
        )}
      >
        {field.values.length ? (
          <ul className="contents" aria-label="Audiences added">
            {field.values.map((a) => (
              <li key={a} className="inline-flex items-center gap-1 rounded-md bg-secondary py-0.5 pr-0.5 pl-2 font-mono text-xs">
                {a}
                <button
                  type="button"
                  className="rounded-sm p-0.5 hover:bg-accent"
                  aria-label={`Remove audience ${a}`}
                  onClick={() => field.remove(a)}
                >
                  <X className="size-3" aria-hidden />
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <input
          id={id}
          value={field.draft}
          onChange={(e) => {
            field.setDraft(e.target.value);
            if (field.error) field.setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" || e.key === ",") {
              e.preventDefault();
              if (field.draft.trim()) field.commit();
            } else if (e.key === "Backspace" && field.draft === "" && field.values.length) {
              field.remove(field.values[field.values.length - 1]!);
            }
          }}
          onBlur={() => field.draft.trim() && field.commit()}
          onPaste={(e) => {
            const text = e.clipboardData.getData("text");
            if (/[,\n]/.test(text)) {
              e.preventDefault();
              field.commit(field.draft + text);
            }
          }}
          placeholder={field.values.length ? "Add another…" : "https://billing.example.com"}
          className="min-w-40 flex-1 bg-transparent py-1 text-sm outline-none placeholder:text-muted-foreground"
          aria-invalid={Boolean(message) || undefined}
          aria-describedby={[message ? errorId : null, hintId].filter(Boolean).join(" ") || undefined}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      {message ? (
        <p id={errorId} className="text-sm text-destructive" role="alert">
          {message}
        </p>
      ) : null}
    </div>
  );
}
