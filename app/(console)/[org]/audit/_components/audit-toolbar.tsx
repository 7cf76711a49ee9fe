"use client";

import { useCallback } from "react";
import type { ReadonlyURLSearchParams } from "next/navigation";
import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { DataTableSelectFilter } from "@/components/data-table/data-table-select-filter";
import { DataTableTextFilter } from "@/components/data-table/data-table-text-filter";
import { ActionMultiSelect } from "@/components/audit/action-multi-select";

type SetFilters = (patch: Record<string, string | null>, options?: { replace?: boolean }) => void;

const ACTOR_TYPES = ["user", "service_account", "api_key", "cli", "system"];
const RANGES = [
  { value: "1h", label: "Last hour" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "custom", label: "Custom range" },
];

// Custom bounds are UTC, like every time the console shows: "2026-11-24T04:00Z" in the URL.
const toInput = (v: string | null) => (v ? v.replace(/Z$/, "").slice(0, 16) : "");
const fromInput = (v: string) => (v ? `${v}Z` : null);

export function AuditToolbar({
  searchParams,
  setFilters,
  filtered,
  onClear,
}: {
  searchParams: ReadonlyURLSearchParams;
  setFilters: SetFilters;
  filtered: boolean;
  onClear: () => void;
}) {
  // Typing replaces the history entry instead of adding one per pause.
  const commit = useCallback((key: string) => (value: string) => setFilters({ [key]: value }, { replace: true }), [setFilters]);
  const actions = (searchParams.get("action") ?? "").split(",").filter(Boolean);
  const range = searchParams.get("range");
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2" role="search" aria-label="Filter audit events">
        <DataTableTextFilter label="Filter by actor" placeholder="Actor id or label…" value={searchParams.get("actor") ?? ""} onCommit={commit("actor")} className="w-48" />
        <DataTableSelectFilter
          label="Filter by actor type"
          allLabel="All actor types"
          value={searchParams.get("actorType")}
          options={ACTOR_TYPES.map((t) => ({ value: t, label: t }))}
          onChange={(actorType) => setFilters({ actorType })}
        />
        <ActionMultiSelect value={actions} onChange={(a) => setFilters({ action: a.length ? a.join(",") : null })} />
        <DataTableTextFilter label="Filter by target" placeholder="Target id or label…" value={searchParams.get("target") ?? ""} onCommit={commit("target")} className="w-48" />
        <DataTableTextFilter label="Filter by client ID" placeholder="Client ID…" value={searchParams.get("clientId") ?? ""} onCommit={commit("clientId")} className="w-44" />
        <DataTableSelectFilter
          label="Filter by outcome"
          allLabel="All outcomes"
          value={searchParams.get("outcome")}
          options={[
            { value: "success", label: "Success" },
            { value: "failure", label: "Failure" },
          ]}
          onChange={(outcome) => setFilters({ outcome })}
        />
        <DataTableSelectFilter
          label="Time range"
          allLabel="All time"
          value={range}
          options={RANGES}
          onChange={(r) => setFilters(r === "custom" ? { range: r } : { range: r, from: null, to: null })}
        />
        {filtered ? (
          <Button variant="ghost" size="sm" onClick={onClear}>
            <X aria-hidden /> Clear filters
          </Button>
        ) : null}
      </div>
      {range === "custom" ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label className="flex items-center gap-2">
            From (UTC)
            <Input type="datetime-local" className="h-8 w-56" value={toInput(searchParams.get("from"))} onChange={(e) => setFilters({ from: fromInput(e.target.value) })} />
          </label>
          <label className="flex items-center gap-2">
            To (UTC)
            <Input type="datetime-local" className="h-8 w-56" value={toInput(searchParams.get("to"))} onChange={(e) => setFilters({ to: fromInput(e.target.value) })} />
          </label>
        </div>
      ) : null}
    </div>
  );
}
