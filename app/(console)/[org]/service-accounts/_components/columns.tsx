"use client";

import Link from "next/link";
import type { ServiceAccountRow } from "@/lib/service-accounts/list-service-accounts";
import { dataTableColumnHelper } from "@/components/data-table/features";
import { CopyButton } from "@/components/service-accounts/copy-button";
import { ScopeChip } from "@/components/service-accounts/scope-chip";
import { StatusBadge } from "@/components/service-accounts/status-badge";
import { TimeAgo } from "@/components/service-accounts/time-ago";
import { formatAge, formatUtc, formatUtcDate } from "@/components/service-accounts/format";

const column = dataTableColumnHelper<ServiceAccountRow>();
const SHOWN_CHIPS = 3;

/** Column ids that can sort are exactly the server's sort keys. */
export function serviceAccountColumns({ orgSlug, now }: { orgSlug: string; now: string }) {
  return column.columns([
    column.accessor("name", {
      header: "Name",
      cell: ({ row }) => (
        <div className="max-w-64 min-w-40">
          <Link href={`/${orgSlug}/service-accounts/${row.original.clientId}`} className="font-medium underline-offset-4 hover:underline">
            {row.original.name}
          </Link>
          {row.original.description ? <p className="truncate text-xs text-muted-foreground">{row.original.description}</p> : null}
        </div>
      ),
    }),
    column.accessor("clientId", {
      header: "Client ID",
      enableSorting: false,
      cell: ({ row }) => (
        <span className="inline-flex items-center gap-1">
          <code className="font-mono text-xs">{row.original.clientId}</code>
          <CopyButton value={row.original.clientId} label={`Copy client ID of ${row.original.name}`} />
        </span>
      ),
    }),
    column.accessor("status", { header: "Status", cell: ({ getValue }) => <StatusBadge status={getValue()} /> }),
    column.accessor("scopes", {
      header: "Scopes",
      enableSorting: false,
      cell: ({ getValue }) => {
        const scopes = getValue();
        if (!scopes.length) return <span className="text-muted-foreground">none</span>;
        return (
          <ul className="flex max-w-72 flex-wrap gap-1" aria-label="Scopes">
            {scopes.slice(0, SHOWN_CHIPS).map((s) => (
              <li key={s.name}>
                <ScopeChip name={s.name} highRisk={s.highRisk} />
              </li>
            ))}
            {scopes.length > SHOWN_CHIPS ? (
              <li className="text-xs text-muted-foreground" title={scopes.slice(SHOWN_CHIPS).map((s) => s.name).join(", ")}>
                +{scopes.length - SHOWN_CHIPS} more
              </li>
            ) : null}
          </ul>
        );
      },
    }),
    column.accessor("audiences", {
      header: "Audiences",
      enableSorting: false,
      cell: ({ getValue }) => {
        const audiences = getValue();
        return (
          <ul className="max-w-56 space-y-0.5 font-mono text-xs" aria-label="Audiences" title={audiences.join("\n")}>
            {audiences.slice(0, 2).map((a) => (
              <li key={a} className="truncate">
                {a}
              </li>
            ))}
            {audiences.length > 2 ? <li className="text-muted-foreground">+{audiences.length - 2} more</li> : null}
          </ul>
        );
      },
    }),
    column.accessor("lastUsedAt", {
      header: "Last used",
      sortDescFirst: true,
      cell: ({ getValue }) => <TimeAgo iso={getValue()} now={now} />,
    }),
    column.accessor("newestSecretAt", {
      header: "Secret age",
      enableSorting: false,
      cell: ({ getValue }) => {
        const iso = getValue();
        return iso ? (
          <time dateTime={iso} title={`Newest secret created ${formatUtc(iso)}`}>
            {formatAge(iso, now)}
          </time>
        ) : (
          <span className="text-muted-foreground">no secret</span>
        );
      },
    }),
    column.accessor("createdAt", {
      header: "Created",
      sortDescFirst: true,
      cell: ({ getValue }) => (
        <time dateTime={getValue()} title={formatUtc(getValue())}>
          {formatUtcDate(getValue())}
        </time>
      ),
    }),
  ]);
}
