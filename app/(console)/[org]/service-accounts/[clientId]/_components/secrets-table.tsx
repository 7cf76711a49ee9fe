"use client";

import { KeySquare } from "lucide-react";
import type { ServiceAccountDetail } from "@/lib/service-accounts/get-service-account";
import { EmptyState } from "@/components/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { StatusBadge } from "@/components/service-accounts/status-badge";
import { TimeAgo } from "@/components/service-accounts/time-ago";
import { formatUtc, maskedHint } from "@/components/service-accounts/format";
import { revokeClientSecretAction } from "../actions";
import { RevokeButton } from "./revoke-button";

export function SecretsTable({
  orgSlug,
  clientId,
  secrets,
  now,
  canManage,
}: {
  orgSlug: string;
  clientId: string;
  secrets: ServiceAccountDetail["secrets"];
  now: string;
  canManage: boolean;
}) {
  if (secrets.length === 0) {
    return <EmptyState icon={<KeySquare />} title="No client secrets" description="Rotate to issue one." />;
  }
  return (
    <Table aria-label="Client secrets">
      <TableHeader>
        <TableRow>
          <TableHead>Secret</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>Expires</TableHead>
          <TableHead>Last used</TableHead>
          {canManage ? <TableHead className="text-right">Actions</TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {secrets.map((s) => (
          <TableRow key={s.id} data-testid={`secret-${s.hint}`}>
            <TableCell className="font-mono text-sm" aria-label={`Secret ending in ${s.hint}`}>
              {maskedHint(s.hint)}
            </TableCell>
            <TableCell>
              <StatusBadge status={s.status} />
            </TableCell>
            <TableCell>
              <TimeAgo iso={s.createdAt} now={now} />
            </TableCell>
            <TableCell>
              {s.status === "revoked" ? (
                <span className="text-muted-foreground" title={formatUtc(s.revokedAt)}>
                  revoked <TimeAgo iso={s.revokedAt} now={now} />
                </span>
              ) : (
                <TimeAgo iso={s.expiresAt} now={now} never="never" />
              )}
            </TableCell>
            <TableCell>
              <TimeAgo iso={s.lastUsedAt} now={now} />
            </TableCell>
            {canManage ? (
              <TableCell className="text-right">
                {s.status === "active" ? (
                  <RevokeButton
                    label={`Revoke secret ${maskedHint(s.hint)}`}
                    title={`Revoke the secret ${maskedHint(s.hint)}?`}
                    description="Token requests with this secret fail from now on. To also stop access tokens already issued with it, deactivate the account."
                    confirmLabel="Revoke secret"
                    success={`Secret ${maskedHint(s.hint)} revoked`}
                    onRevoke={() => revokeClientSecretAction(orgSlug, clientId, s.id)}
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
