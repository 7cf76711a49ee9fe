import { auditFiltersSchema } from "@/lib/audit/list-audit-events";
import { TIME_RANGES, type TimeRange } from "@/components/audit/known-actions";

type SearchParams = Record<string, string | string[] | undefined>;
const KEYS = ["actor", "actorType", "action", "target", "clientId", "outcome", "from", "to"] as const;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/**
 * The audit view from the URL. A preset range (`range=24h`) is resolved
 * against `now` here, so a shared link means "the last 24 hours" when it is
 * opened; `range=custom` uses the explicit `from`/`to`. A parameter the schema
 * refuses is dropped instead of failing the page.
 */
export function parseAuditQuery(searchParams: SearchParams, now: Date) {
  const raw: Record<string, string> = {};
  for (const key of KEYS) {
    const value = first(searchParams[key]);
    if (value) raw[key] = value;
  }
  const rangeParam = first(searchParams.range);
  const range: TimeRange | null = rangeParam === "custom" || (rangeParam && rangeParam in TIME_RANGES) ? (rangeParam as TimeRange) : null;
  if (range !== "custom") {
    delete raw.from;
    delete raw.to;
    if (range) raw.from = new Date(now.getTime() - TIME_RANGES[range]).toISOString();
  }
  let parsed = auditFiltersSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) delete raw[String(issue.path[0])];
    parsed = auditFiltersSchema.safeParse(raw);
  }
  const filters = parsed.data ?? {};
  const cursor = first(searchParams.cursor);
  const exportParams = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    exportParams.set(key, value instanceof Date ? value.toISOString() : Array.isArray(value) ? value.join(",") : String(value));
  }
  return { filters, cursor: cursor && cursor.length <= 200 ? cursor : undefined, eventId: first(searchParams.event), exportParams };
}
