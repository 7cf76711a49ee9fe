import { ArrowRight, Minus, Plus } from "lucide-react";
import type { AccountChange } from "@/lib/service-accounts/diff-account";

/** The before → after of a pending edit, shown before anything is saved. */
export function ChangeReview({ changes }: { changes: AccountChange[] }) {
  return (
    <ul className="space-y-3 text-sm" aria-label="Changes to save">
      {changes.map((c) => (
        <li key={c.field} className="rounded-md border p-3">
          <p className="mb-1 font-medium">{c.label}</p>
          {"added" in c ? (
            <ul className="space-y-0.5 font-mono text-xs">
              {c.added.map((v) => (
                <li key={`+${v}`} className="flex items-center gap-1 text-success">
                  <Plus className="size-3" aria-label="added" /> {v}
                </li>
              ))}
              {c.removed.map((v) => (
                <li key={`-${v}`} className="flex items-center gap-1 text-destructive">
                  <Minus className="size-3" aria-label="removed" /> {v}
                </li>
              ))}
            </ul>
          ) : (
            <p className="flex flex-wrap items-center gap-2">
              <span className="text-muted-foreground line-through" aria-label={`before: ${c.before}`}>
                {c.before}
              </span>
              <ArrowRight className="size-3.5" aria-hidden />
              <span aria-label={`after: ${c.after}`}>{c.after}</span>
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
