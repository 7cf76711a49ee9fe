"use client";

import { useMemo } from "react";
import { SearchX } from "lucide-react";
import type { ServiceAccountRow } from "@/lib/service-accounts/list-service-accounts";
import { DataTable } from "@/components/data-table/data-table";
import { useUrlTableState } from "@/components/data-table/use-url-table-state";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { FILTER_KEYS, LIST_DEFAULTS, PAGE_SIZES } from "../list-defaults";
import { serviceAccountColumns } from "./columns";
import { ServiceAccountsToolbar } from "./service-accounts-toolbar";

export function ServiceAccountsTable({
  orgSlug,
  rows,
  total,
  now,
  catalog,
}: {
  orgSlug: string;
  rows: ServiceAccountRow[];
  total: number;
  now: string;
  catalog: { name: string; highRisk: boolean }[];
}) {
  const state = useUrlTableState({ defaultSort: LIST_DEFAULTS.sort, defaultDir: LIST_DEFAULTS.dir, defaultPageSize: LIST_DEFAULTS.pageSize });
  const columns = useMemo(() => serviceAccountColumns({ orgSlug, now }), [orgSlug, now]);
  const filtered = FILTER_KEYS.some((k) => state.searchParams.get(k));
  const clearFilters = () => state.setParams(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])));

  const empty =
    total === 0 ? (
      <EmptyState
        className="m-4"
        icon={<SearchX />}
        title="No service accounts match"
        description={filtered ? "Nothing matches these filters." : "Nothing to show."}
        action={
          filtered ? (
            <Button variant="outline" onClick={clearFilters}>
              Clear filters
            </Button>
          ) : null
        }
      />
    ) : (
      <EmptyState
        className="m-4"
        icon={<SearchX />}
        title="This page is empty"
        description={`There are ${total} matching accounts; this page is past the last one.`}
        action={
          <Button variant="outline" onClick={() => state.setParams({ page: null })}>
            Go to the first page
          </Button>
        }
      />
    );

  return (
    <div className="space-y-3">
      <ServiceAccountsToolbar catalog={catalog} searchParams={state.searchParams} setParams={state.setParams} filtered={filtered} onClear={clearFilters} />
      <DataTable
        label="Service accounts"
        columns={columns}
        data={rows}
        rowCount={total}
        getRowId={(row) => row.clientId}
        sorting={state.sorting}
        onSortingChange={state.onSortingChange}
        pagination={state.pagination}
        onPaginationChange={state.onPaginationChange}
        pending={state.pending}
        empty={empty}
        pageSizes={PAGE_SIZES}
      />
    </div>
  );
}
