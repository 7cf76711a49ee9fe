import { formatRelative, formatUtc } from "./format";

/** Relative time for reading, absolute UTC in the tooltip and the machine-readable attribute. */
export function TimeAgo({ iso, now, never = "never" }: { iso: string | null; now: string; never?: string }) {
  if (!iso) return <span className="text-muted-foreground">{never}</span>;
  return (
    <time dateTime={iso} title={formatUtc(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}
