"use client";

import { useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ConfirmAction } from "@/components/console/confirm-action";
import { changeMemberRoleAction, removeMemberAction } from "../actions";

interface MemberRow {
  membershipId: string;
  userId: string;
  email: string;
  name: string | null;
  emailVerified: boolean;
  role: string;
  joinedAt: string;
}

const ROLES = ["OWNER", "ADMIN", "REVIEWER"] as const;

export function MembersTable({
  orgSlug,
  canManage,
  currentUserId,
  members,
}: {
  orgSlug: string;
  canManage: boolean;
  currentUserId: string;
  members: MemberRow[];
}) {
  const [pending, startTransition] = useTransition();

  const changeRole = (m: MemberRow, role: string) =>
    startTransition(async () => {
      const result = await changeMemberRoleAction(orgSlug, m.membershipId, role);
      if (result.ok) toast.success(`${m.email} is now ${role}`);
      else toast.error(result.error);
    });

  return (
    <Table aria-label="Members" aria-busy={pending}>
      <TableHeader>
        <TableRow>
          <TableHead>Member</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Joined</TableHead>
          {canManage ? <TableHead className="text-right">Actions</TableHead> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {members.map((m) => (
          <TableRow key={m.membershipId} data-testid={`member-${m.email}`}>
            <TableCell>
              <div className="font-medium">{m.name ?? m.email}</div>
              {m.name ? <div className="text-xs text-muted-foreground">{m.email}</div> : null}
              {m.userId === currentUserId ? <Badge variant="outline" className="mt-1">you</Badge> : null}
              {m.emailVerified ? null : (
                <Badge variant="outline" className="mt-1 ml-1" title="Typed by the member when joining through a link without an email; nobody has confirmed it">
                  unverified email
                </Badge>
              )}
            </TableCell>
            <TableCell>
              {canManage ? (
                <Select value={m.role} onValueChange={(role) => changeRole(m, role)} disabled={pending}>
                  <SelectTrigger className="w-36" aria-label={`Role of ${m.email}`}>
                    <SelectValue>{m.role}</SelectValue>
                  </SelectTrigger>
                  <SelectContent>
                    {ROLES.map((r) => (
                      <SelectItem key={r} value={r}>
                        {r}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              ) : (
                <Badge variant="secondary">{m.role}</Badge>
              )}
            </TableCell>
            <TableCell className="text-sm text-muted-foreground">{m.joinedAt.slice(0, 10)}</TableCell>
            {canManage ? (
              <TableCell className="text-right">
                <ConfirmAction
                  trigger={(removing) => (
                    <Button variant="ghost" size="sm" disabled={pending || removing} aria-label={`Remove ${m.email}`}>
                      Remove
                    </Button>
                  )}
                  title={`Remove ${m.email}?`}
                  description="They lose access to this organisation at once, on their next request. Their other organisations are not affected."
                  confirmLabel="Remove member"
                  success={`${m.email} was removed`}
                  run={() => removeMemberAction(orgSlug, m.membershipId)}
                />
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
