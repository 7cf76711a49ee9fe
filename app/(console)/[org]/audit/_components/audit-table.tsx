"use client";

import { useCallback, useMemo } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ChevronRight, ChevronsLeft, ScrollText, SearchX } from "lucide-react";
import type { SortingState } from "@tanstack/react-table";
import type { AuditEventView } from "@/lib/audit/list-audit-events";
import { DataTable } from "@/components/data-table/data-table";
import { useUrlTableState } from "@/components/data-table/use-url-table-state";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { AUDIT_FILTER_KEYS } from "@/components/audit/known-actions";
import { auditColumns } from "./audit-columns";
import { AuditToolbar } from "./audit-toolbar";

const SORTING: SortingState = [{ id: "occurredAt", desc: true }];
const PAGINATION = { pageIndex: 0, pageSize: 50 };
const ignore = () => {};

export function AuditTable({ events, nextCursor, now }: { events: AuditEventView[]; nextCursor: string | null; now: string }) {
  const pathname = usePathname();
  const state = useUrlTableState({ defaultSort: "occurredAt", defaultDir: "desc", defaultPageSize: 50 });
  const { searchParams } = state;
  const hrefWith = useCallback(
    (patch: Record<string, string | null>) => {
      const next = new URLSearchParams(searchParams.toString());
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) next.delete(k);
        else next.set(k, v);
      }
      const q = next.toString();
      return q ? `${pathname}?${q}` : pathname;
    },
    [pathname, searchParams],
  );
  const columns = useMemo(() => auditColumns({ now, eventHref: (id) => hrefWith({ event: id }) }), [now, hrefWith]);
  const filtered = AUDIT_FILTER_KEYS.some((k) => searchParams.get(k));
  // Any filter change starts again from the newest event and closes the drawer.
  const setFilters = useCallback(
    (patch: Record<string, string | null>, options?: { replace?: boolean }) => state.setParams({ ...patch, cursor: null, event: null }, options),
    [state],
  );
  const clearFilters = () => setFilters(Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, null])));
  const onLaterPage = Boolean(searchParams.get("cursor"));

  const empty = (
    <EmptyState
      className="m-4"
      icon={filtered ? <SearchX /> : <ScrollText />}
      title={filtered ? "No events match" : onLaterPage ? "No more events" : "No events yet"}
      description={filtered ? "Nothing in the audit trail matches these filters." : "Changes, sign-ins and token decisions will appear here."}
      action={
        filtered ? (
          <Button variant="outline" onClick={clearFilters}>
            Clear filters
          </Button>
        ) : null
      }
    />
  );

  const footer = (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-3 text-sm">
      <p className="text-muted-foreground">{events.length ? `${events.length} events on this page, newest first` : "No rows"}</p>
      <div className="flex items-center gap-2">
        {onLaterPage ? (
          <Button variant="outline" size="sm" asChild>
            <Link href={hrefWith({ cursor: null, event: null })}>
              <ChevronsLeft aria-hidden /> First page
            </Link>
          </Button>
        ) : null}
        {nextCursor ? (
          <Button variant="outline" size="sm" asChild>
            <Link href={hrefWith({ cursor: nextCursor, event: null })}>
              Next page <ChevronRight aria-hidden />
            </Link>
          </Button>
        ) : null}
      </div>
    </nav>
  );

  return (
    <div className="space-y-3">
      <AuditToolbar searchParams={searchParams} setFilters={setFilters} filtered={filtered} onClear={clearFilters} />
      <DataTable
        label="Audit events"
        columns={columns}
        data={events}
        rowCount={events.length}
        getRowId={(row) => row.id}
        sorting={SORTING}
        onSortingChange={ignore}
        pagination={PAGINATION}
        onPaginationChange={ignore}
        pending={state.pending}
        empty={empty}
        footer={footer}
      />
    </div>
  );
}
