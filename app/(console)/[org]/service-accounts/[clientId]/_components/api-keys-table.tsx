"use client";

import { KeyRound } from "lucide-react";
import type { ServiceAccountDetail } from "@/lib/service-accounts/get-service-account";
import { EmptyState } from "@/components/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { StatusBadge } from "@/components/service-accounts/status-badge";
import { TimeAgo } from "@/components/service-accounts/time-ago";
import { maskedHint } from "@/components/service-accounts/format";
import { revokeApiKeyAction } from "../actions";
import { RevokeButton } from "./revoke-button";

export function ApiKeysTable({
  orgSlug,
  clientId,
  apiKeys,
  now,
  canManage,
}: {
  orgSlug: string;
  clientId: string;
  apiKeys: ServiceAccountDetail["apiKeys"];
  now: string;
  canManage: boolean;
}) {
  if (apiKeys.length === 0) return <EmptyState icon={<KeyRound />} title="No API keys" />;
  return (
    <Table aria-label="API keys">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Key</TableHead>
          <TableHead>Scopes</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Expires</TableHead>
          <TableHead>Last used</TableHead>
          {canManage ? <TableHead className="text-right">Actions</TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {apiKeys.map((k) => (
          <TableRow key={k.id} data-testid={`api-key-${k.name}`}>
            <TableCell className="font-medium">{k.name}</TableCell>
            <TableCell className="font-mono text-sm">{maskedHint(k.hint)}</TableCell>
            <TableCell className="max-w-64 whitespace-normal font-mono text-xs">
              {k.scopes ? k.scopes.join(" ") || "none" : <span className="font-sans text-muted-foreground">all of the account&apos;s</span>}
            </TableCell>
            <TableCell>
              <StatusBadge status={k.status} />
            </TableCell>
            <TableCell>
              <TimeAgo iso={k.expiresAt} now={now} never="never" />
            </TableCell>
            <TableCell>
              <TimeAgo iso={k.lastUsedAt} now={now} />
            </TableCell>
            {canManage ? (
              <TableCell className="text-right">
                {k.status === "active" ? (
                  <RevokeButton
                    label={`Revoke API key ${k.name}`}
                    title={`Revoke the API key “${k.name}”?`}
                    description="Introspection reports it inactive from now on, so resource servers refuse it. This cannot be undone."
                    confirmLabel="Revoke API key"
                    success={`API key ${k.name} revoked`}
                    onRevoke={() => revokeApiKeyAction(orgSlug, clientId, k.id)}
                  />
                ) : null}
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
