import { ArrowRight, Minus, Plus } from "lucide-react";
import type { ChangeLine } from "@/lib/change-requests/payload";

/**
 * The before → after of a change: an edit before it is saved, and a change
 * request before it is approved (its lines are the same diff the domain made).
 */
export function ChangeReview({ changes, label = "Changes to save" }: { changes: ChangeLine[]; label?: string }) {
  return (
    <ul className="space-y-3 text-sm" aria-label={label}>
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
