"use client";

import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { useTable, type OnChangeFn, type PaginationState, type RowData, type SortingState } from "@tanstack/react-table";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { dataTableFeatures, type DataTableColumn } from "./features";
import { DataTablePagination } from "./data-table-pagination";

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;

/**
 * One generic table for server-driven lists. The caller owns sorting and
 * pagination state (usually the URL, see useUrlTableState) and passes the
 * page of rows the server returned plus the total count.
 */
export function DataTable<TData extends RowData>({
  label,
  columns,
  data,
  rowCount,
  sorting,
  onSortingChange,
  pagination,
  onPaginationChange,
  getRowId,
  pending = false,
  empty,
  pageSizes,
  footer,
}: {
  label: string;
  columns: DataTableColumn<TData>[];
  data: TData[];
  rowCount: number;
  sorting: SortingState;
  onSortingChange: OnChangeFn<SortingState>;
  pagination: PaginationState;
  onPaginationChange: OnChangeFn<PaginationState>;
  getRowId: (row: TData) => string;
  pending?: boolean;
  /** Shown in place of the rows when the page is empty. */
  empty: React.ReactNode;
  pageSizes?: number[];
  /** Replaces the numbered pagination (e.g. keyset "Next page" links). */
  footer?: React.ReactNode;
}) {
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    rowCount,
    getRowId,
    state: { sorting, pagination },
    onSortingChange,
    onPaginationChange,
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
  });

  const rows = table.getRowModel().rows;
  return (
    <div className="space-y-3">
      <div className={cn("rounded-md border transition-opacity", pending && "opacity-60")}>
        <Table aria-label={label} aria-busy={pending || undefined}>
          <TableHeader>
            {table.getHeaderGroups().map((group) => (
              <TableRow key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const sortable = header.column.getCanSort();
                  return (
                    <TableHead key={header.id} aria-sort={sortable ? (sorted ? ARIA_SORT[sorted] : "none") : undefined}>
                      {header.isPlaceholder ? null : sortable ? (
                        <button
                          type="button"
                          className="-ml-2 inline-flex items-center gap-1 rounded-md px-2 py-1 hover:bg-accent"
                          onClick={header.column.getToggleSortingHandler()}
                        >
                          <table.FlexRender header={header} />
                          {sorted === "asc" ? (
                            <ArrowUp className="size-3.5" aria-hidden />
                          ) : sorted === "desc" ? (
                            <ArrowDown className="size-3.5" aria-hidden />
                          ) : (
                            <ArrowUpDown className="size-3.5 opacity-40" aria-hidden />
                          )}
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </TableHead>
                  );
                })}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {rows.length ? (
              rows.map((row) => (
                <TableRow key={row.id} data-row-id={row.id}>
                  {row.getAllCells().map((cell) => (
                    <TableCell key={cell.id}>
                      <table.FlexRender cell={cell} />
                    </TableCell>
                  ))}
                </TableRow>
              ))
            ) : (
              <TableRow>
                <TableCell colSpan={columns.length} className="p-0 whitespace-normal">
                  {empty}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </div>
      {footer === undefined ? <DataTablePagination table={table} pagination={pagination} pageSizes={pageSizes} /> : footer}
    </div>
  );
}
