"use client";

import { useTransition } from "react";
import { MailPlus } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/empty-state";
import { revokeInvitationAction } from "../actions";

interface InvitationRow {
  id: string;
  role: string;
  email: string | null;
  createdAt: string;
  expiresAt: string;
}

export function InvitationsList({
  orgSlug,
  canManage,
  invitations,
}: {
  orgSlug: string;
  canManage: boolean;
  invitations: InvitationRow[];
}) {
  const [pending, startTransition] = useTransition();
  if (invitations.length === 0) {
    return <EmptyState icon={<MailPlus className="size-6" />} title="No open invitations" />;
  }
  return (
    <ul className="divide-y" aria-label="Open invitations">
      {invitations.map((i) => (
        <li key={i.id} className="flex flex-wrap items-center gap-3 py-2 text-sm">
          <Badge variant="secondary">{i.role}</Badge>
          <span>{i.email ?? "anyone with the link"}</span>
          <span className="text-muted-foreground">expires {i.expiresAt.replace("T", " ").slice(0, 16)} UTC</span>
          {canManage ? (
            <Button
              variant="ghost"
              size="sm"
              className="ml-auto"
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const result = await revokeInvitationAction(orgSlug, i.id);
                  if (result.ok) toast.success("Invitation revoked");
                  else toast.error(result.error);
                })
              }
            >
              Revoke
            </Button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
