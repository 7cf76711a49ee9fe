"use client";

import Link from "next/link";
import { Lock, Tags, TriangleAlert } from "lucide-react";
import type { ScopeView } from "@/lib/scopes/list-scopes";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { EditScopeDialog } from "./edit-scope-dialog";
import { DeleteScopeButton } from "./delete-scope-button";

export function ScopesTable({ orgSlug, canManage, scopes }: { orgSlug: string; canManage: boolean; scopes: ScopeView[] }) {
  if (scopes.length === 0) return <EmptyState icon={<Tags />} title="No scopes yet" />;
  return (
    <Table aria-label="Scopes">
      <TableHeader>
        <TableRow>
          <TableHead>Scope</TableHead>
          <TableHead>Description</TableHead>
          <TableHead>Flags</TableHead>
          <TableHead className="text-right">Held by</TableHead>
          {canManage ? <TableHead className="text-right">Actions</TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {scopes.map((s) => (
          <TableRow key={s.id} data-testid={`scope-${s.name}`}>
            <TableCell className="font-mono text-sm">{s.name}</TableCell>
            <TableCell className="max-w-md text-sm whitespace-normal text-muted-foreground">{s.description || "—"}</TableCell>
            <TableCell>
              <div className="flex gap-1">
                {s.highRisk ? (
                  <Badge variant="warning">
                    <TriangleAlert aria-hidden /> High risk
                  </Badge>
                ) : null}
                {s.reserved ? (
                  <Badge variant="secondary">
                    <Lock aria-hidden /> Reserved
                  </Badge>
                ) : null}
              </div>
            </TableCell>
            <TableCell className="text-right tabular-nums">
              {s.holders > 0 ? (
                <Link
                  className="underline-offset-4 hover:underline"
                  href={`/${orgSlug}/service-accounts?scope=${encodeURIComponent(s.name)}`}
                  aria-label={`${s.holders} service account${s.holders === 1 ? "" : "s"} hold ${s.name}`}
                >
                  {s.holders}
                </Link>
              ) : (
                <span className="text-muted-foreground">0</span>
              )}
            </TableCell>
            {canManage ? (
              <TableCell className="text-right">
                <div className="flex justify-end gap-1">
                  {s.reserved ? null : <EditScopeDialog orgSlug={orgSlug} scope={s} />}
                  <DeleteScopeButton orgSlug={orgSlug} scope={s} />
                </div>
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
