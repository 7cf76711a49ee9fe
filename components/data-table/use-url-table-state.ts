"use client";

import { useCallback, useMemo, useTransition } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { OnChangeFn, PaginationState, SortingState, Updater } from "@tanstack/react-table";

const apply = <T,>(updater: Updater<T>, current: T): T =>
  typeof updater === "function" ? (updater as (old: T) => T)(current) : updater;

/**
 * Table state that lives in the URL (`sort`, `dir`, `page`, `pageSize` plus
 * any filters), so a view is a shareable link and the server does the work.
 * Defaults are left out of the URL; any filter change returns to page 1.
 */
export function useUrlTableState({
  defaultSort,
  defaultDir = "asc",
  defaultPageSize,
}: {
  defaultSort: string;
  defaultDir?: "asc" | "desc";
  defaultPageSize: number;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();

  const setParams = useCallback(
    (patch: Record<string, string | null>, { keepPage = false, replace = false } = {}) => {
      const next = new URLSearchParams(searchParams.toString());
      for (const [key, value] of Object.entries(patch)) {
        if (value === null || value === "") next.delete(key);
        else next.set(key, value);
      }
      if (!keepPage) next.delete("page");
      const query = next.toString();
      const href = query ? `${pathname}?${query}` : pathname;
      startTransition(() => (replace ? router.replace(href, { scroll: false }) : router.push(href, { scroll: false })));
    },
    [pathname, router, searchParams],
  );

  const sortId = searchParams.get("sort") ?? defaultSort;
  const desc = (searchParams.get("dir") ?? defaultDir) === "desc";
  const sorting: SortingState = useMemo(() => [{ id: sortId, desc }], [sortId, desc]);
  const page = Math.max(1, Number.parseInt(searchParams.get("page") ?? "1", 10) || 1);
  const pageSize = Number.parseInt(searchParams.get("pageSize") ?? "", 10) || defaultPageSize;
  const pagination: PaginationState = useMemo(() => ({ pageIndex: page - 1, pageSize }), [page, pageSize]);

  const onSortingChange: OnChangeFn<SortingState> = (updater) => {
    const [first] = apply(updater, sorting);
    if (!first) return;
    const isDefault = first.id === defaultSort && first.desc === (defaultDir === "desc");
    setParams({ sort: isDefault ? null : first.id, dir: isDefault ? null : first.desc ? "desc" : "asc" });
  };

  const onPaginationChange: OnChangeFn<PaginationState> = (updater) => {
    const next = apply(updater, pagination);
    const sizeChanged = next.pageSize !== pageSize;
    setParams(
      {
        pageSize: next.pageSize === defaultPageSize ? null : String(next.pageSize),
        page: sizeChanged || next.pageIndex === 0 ? null : String(next.pageIndex + 1),
      },
      { keepPage: true },
    );
  };

  return { searchParams, setParams, sorting, onSortingChange, pagination, onPaginationChange, pending };
}
