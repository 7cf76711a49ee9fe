/** Display helpers shared by the service-account and scope screens. Pure: no clock reads. */

/** "2026-11-24 03:47:22 UTC"; the console always shows absolute times in UTC. */
export function formatUtc(iso: string | null): string {
  return iso ? `${iso.replace("T", " ").slice(0, 19)} UTC` : "never";
}

export function formatUtcDate(iso: string): string {
  return iso.slice(0, 10);
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400],
  ["month", 30 * 86_400],
  ["week", 7 * 86_400],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
];

/**
 * "3 minutes ago" / "in 2 days", relative to `now` (an ISO string the server
 * rendered with), so the server and the browser print the same text.
 */
export function formatRelative(iso: string | null, now: string): string {
  if (!iso) return "never";
  const seconds = Math.round((Date.parse(iso) - Date.parse(now)) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "second") return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(0, "second");
}

/** Age without direction: "3 days", "5 hours". */
export function formatAge(iso: string | null, now: string): string {
  if (!iso) return "none";
  const seconds = Math.max(0, Math.round((Date.parse(now) - Date.parse(iso)) / 1000));
  return formatDuration(seconds, true);
}

/** 300 → "5 min", 3600 → "1 h", 86400 → "24 h", 90 → "90 s"; `coarse` rounds to the largest unit. */
export function formatDuration(seconds: number, coarse = false): string {
  if (coarse) {
    if (seconds >= 2 * 86_400) return `${Math.floor(seconds / 86_400)} days`;
    if (seconds >= 3_600) return `${Math.floor(seconds / 3_600)} h`;
    if (seconds >= 60) return `${Math.floor(seconds / 60)} min`;
    return `${seconds} s`;
  }
  if (seconds % 86_400 === 0 && seconds > 86_400) return `${seconds / 86_400} days`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** "••••abcd": a credential is only ever shown by its 4-character hint. */
export const maskedHint = (hint: string) => `••••${hint}`;
