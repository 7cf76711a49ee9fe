"use client";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { cn } from "@/lib/utils";

const ALL = "__all__"; // Radix Select items cannot have an empty value

export function DataTableSelectFilter({
  label,
  allLabel,
  value,
  options,
  onChange,
  className,
}: {
  label: string;
  allLabel: string;
  value: string | null;
  options: { value: string; label: React.ReactNode }[];
  onChange: (value: string | null) => void;
  className?: string;
}) {
  // The trigger names the choice itself: Radix fills an empty SelectValue only
  // once the options have mounted, which leaves a blank box until then.
  const selected = value === null ? allLabel : (options.find((o) => o.value === value)?.label ?? value);
  return (
    <Select value={value ?? ALL} onValueChange={(v) => onChange(v === ALL ? null : v)}>
      <SelectTrigger size="sm" aria-label={label} className={cn("min-w-36", className)}>
        <SelectValue>{selected}</SelectValue>
      </SelectTrigger>
      <SelectContent>
        <SelectItem value={ALL}>{allLabel}</SelectItem>
        {options.map((o) => (
          <SelectItem key={o.value} value={o.value}>
            {o.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
