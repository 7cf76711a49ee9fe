"use client";

import Link from "next/link";
import type { AuditEventView } from "@/lib/audit/list-audit-events";
import { dataTableColumnHelper } from "@/components/data-table/features";
import { OutcomeBadge } from "@/components/audit/outcome-badge";
import { TimeAgo } from "@/components/service-accounts/time-ago";
import { formatUtc } from "@/components/service-accounts/format";

const column = dataTableColumnHelper<AuditEventView>();

/** Nothing sorts: the trail is always newest first (keyset order). */
export function auditColumns({ now, eventHref }: { now: string; eventHref: (id: string) => string }) {
  return column.columns([
    column.accessor("occurredAt", {
      header: "Time",
      enableSorting: false,
      cell: ({ getValue }) => (
        <div className="min-w-36">
          <TimeAgo iso={getValue()} now={now} />
          <p className="font-mono text-xs text-muted-foreground">{formatUtc(getValue())}</p>
        </div>
      ),
    }),
    column.accessor("actorLabel", {
      header: "Actor",
      enableSorting: false,
      cell: ({ row }) => (
        <div className="max-w-56">
          <p className="truncate">{row.original.actorLabel ?? row.original.actorId ?? "—"}</p>
          <p className="text-xs text-muted-foreground">{row.original.actorType}</p>
        </div>
      ),
    }),
    column.accessor("action", {
      header: "Action",
      enableSorting: false,
      cell: ({ row }) => (
        <Link href={eventHref(row.original.id)} scroll={false} className="underline-offset-4 hover:underline" aria-label={`Open event ${row.original.action} #${row.original.seq}`}>
          <code className="font-mono text-xs">{row.original.action}</code>
        </Link>
      ),
    }),
    column.accessor("targetLabel", {
      header: "Target",
      enableSorting: false,
      cell: ({ row }) =>
        row.original.targetType ? (
          <div className="max-w-56">
            <p className="truncate">{row.original.targetLabel ?? row.original.targetId ?? "—"}</p>
            <p className="text-xs text-muted-foreground">{row.original.targetType}</p>
          </div>
        ) : (
          <span className="text-muted-foreground">—</span>
        ),
    }),
    column.accessor("outcome", { header: "Outcome", enableSorting: false, cell: ({ getValue }) => <OutcomeBadge outcome={getValue()} /> }),
    column.accessor("clientIp", {
      header: "Client IP",
      enableSorting: false,
      cell: ({ getValue }) => <span className="font-mono text-xs">{getValue() ?? "—"}</span>,
    }),
  ]);
}
