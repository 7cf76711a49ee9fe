"use client";

import { useCallback } from "react";
import type { ReadonlyURLSearchParams } from "next/navigation";
import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DataTableSelectFilter } from "@/components/data-table/data-table-select-filter";
import { DataTableTextFilter } from "@/components/data-table/data-table-text-filter";

type SetParams = (patch: Record<string, string | null>, options?: { keepPage?: boolean; replace?: boolean }) => void;

export function ServiceAccountsToolbar({
  catalog,
  searchParams,
  setParams,
  filtered,
  onClear,
}: {
  catalog: { name: string; highRisk: boolean }[];
  searchParams: ReadonlyURLSearchParams;
  setParams: SetParams;
  filtered: boolean;
  onClear: () => void;
}) {
  // Typing replaces the history entry instead of adding one per pause.
  const commitQ = useCallback((q: string) => setParams({ q }, { replace: true }), [setParams]);
  const commitAudience = useCallback((audience: string) => setParams({ audience }, { replace: true }), [setParams]);
  return (
    <div className="flex flex-wrap items-center gap-2" role="search" aria-label="Filter service accounts">
      <DataTableTextFilter
        label="Search service accounts"
        placeholder="Search name, client ID, description…"
        value={searchParams.get("q") ?? ""}
        onCommit={commitQ}
        className="w-72"
      />
      <DataTableSelectFilter
        label="Filter by status"
        allLabel="All statuses"
        value={searchParams.get("status")}
        options={[
          { value: "ACTIVE", label: "Active" },
          { value: "DISABLED", label: "Deactivated" },
        ]}
        onChange={(status) => setParams({ status })}
      />
      <DataTableSelectFilter
        label="Filter by scope"
        allLabel="All scopes"
        value={searchParams.get("scope")}
        options={catalog.map((s) => ({ value: s.name, label: s.highRisk ? `${s.name} (high risk)` : s.name }))}
        onChange={(scope) => setParams({ scope })}
      />
      <DataTableTextFilter
        label="Filter by audience"
        placeholder="Exact audience…"
        value={searchParams.get("audience") ?? ""}
        onCommit={commitAudience}
        className="w-56"
      />
      {filtered ? (
        <Button variant="ghost" size="sm" onClick={onClear}>
          <X aria-hidden /> Clear filters
        </Button>
      ) : null}
    </div>
  );
}
