"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import type { TokenActivityDay } from "@/lib/audit/summarize-token-activity";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-11-24" → "24 Nov", read from the string so no time zone can shift the day. */
export function shortDay(day: string): string {
  return `${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]}`;
}

// Colours come from the theme's CSS variables, so the chart follows light and dark mode.
const SERIES = [
  { key: "issued", label: "Issued", color: "var(--primary)" },
  { key: "denied", label: "Denied", color: "var(--destructive)" },
] as const;

/**
 * Tokens issued and denied per UTC day, stacked. The drawing is for the eye
 * only (hidden from assistive technology); the same numbers are in a
 * visually hidden table, which is what a screen reader announces.
 */
export function TokenActivityChart({ days, label }: { days: TokenActivityDay[]; label: string }) {
  return (
    <div>
      <ul className="mb-2 flex gap-4 text-xs text-muted-foreground" aria-hidden="true">
        {SERIES.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5">
            <span className="size-2.5 rounded-sm" style={{ background: s.color }} />
            {s.label}
          </li>
        ))}
      </ul>
      <div aria-hidden="true" className="h-56 w-full">
        <BarChart
          data={days}
          responsive
          accessibilityLayer={false}
          style={{ width: "100%", height: "100%" }}
          margin={{ top: 4, right: 4, bottom: 0, left: -16 }}
        >
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="day"
            tickFormatter={shortDay}
            tickLine={false}
            axisLine={false}
            tick={{ fill: "var(--muted-foreground)", fontSize: 12 }}
            minTickGap={8}
          />
          <YAxis allowDecimals={false} tickLine={false} axisLine={false} tick={{ fill: "var(--muted-foreground)", fontSize: 12 }} />
          <Tooltip
            cursor={{ fill: "var(--muted)" }}
            labelFormatter={(day) => `${shortDay(String(day))} (UTC)`}
            contentStyle={{
              background: "var(--popover)",
              color: "var(--popover-foreground)",
              border: "1px solid var(--border)",
              borderRadius: "var(--radius)",
              fontSize: 12,
            }}
            labelStyle={{ color: "var(--popover-foreground)", fontWeight: 600 }}
          />
          {SERIES.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId="tokens"
              fill={s.color}
              radius={i === SERIES.length - 1 ? [3, 3, 0, 0] : undefined}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </div>
      <table className="sr-only">
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">Day (UTC)</th>
            <th scope="col">Issued</th>
            <th scope="col">Denied</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <th scope="row">{d.day}</th>
              <td>{d.issued}</td>
              <td>{d.denied}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
