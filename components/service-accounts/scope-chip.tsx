import { TriangleAlert } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/lib/utils";

/** A scope name as a chip; high-risk scopes carry a warning icon and say so to screen readers. */
export function ScopeChip({ name, highRisk, className, children }: { name: string; highRisk: boolean; className?: string; children?: React.ReactNode }) {
  return (
    <Badge
      variant="outline"
      className={cn("font-mono", highRisk && "border-warning bg-warning/10", className)}
      data-high-risk={highRisk || undefined}
      title={highRisk ? `${name}: high-risk scope` : name}
    >
      {highRisk ? <TriangleAlert className="text-warning" aria-hidden /> : null}
      <span className="text-foreground">{name}</span>
      {highRisk ? <span className="sr-only"> (high risk)</span> : null}
      {children}
    </Badge>
  );
}

export function ScopeChips({ scopes, empty = "No scopes" }: { scopes: { name: string; highRisk: boolean }[]; empty?: string }) {
  if (scopes.length === 0) return <span className="text-sm text-muted-foreground">{empty}</span>;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Scopes">
      {scopes.map((s) => (
        <li key={s.name}>
          <ScopeChip name={s.name} highRisk={s.highRisk} />
        </li>
      ))}
    </ul>
  );
}
