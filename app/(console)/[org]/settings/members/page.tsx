import type { Metadata } from "next";
import { requireMember } from "@/lib/page-auth";
import { can } from "@/lib/permissions";
import { listMembers } from "@/lib/members/list-members";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { MembersTable } from "./_components/members-table";
import { InvitationsList } from "./_components/invitations-list";
import { InviteMemberDialog } from "./_components/invite-member-dialog";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, principal, session } = await requireMember(slug);
  const { org, members, invitations } = await listMembers(actor, slug);
  const canManage = can(principal, "members:manage");
  return (
    <div className="space-y-6">
      <PageHeader
        title="Members"
        description="People who can sign in to this organisation, and what they may do."
        actions={canManage ? <InviteMemberDialog orgSlug={org.slug} /> : null}
      />
      <Card>
        <CardHeader>
          <CardTitle>People</CardTitle>
          <CardDescription>
            Owners manage members; admins manage service accounts, scopes and credentials; reviewers read everything and
            change nothing.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <MembersTable
            orgSlug={org.slug}
            canManage={canManage}
            currentUserId={session.user.id}
            members={members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() }))}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Open invitations</CardTitle>
          <CardDescription>Links that have not been used yet. Each works once and expires.</CardDescription>
        </CardHeader>
        <CardContent>
          <InvitationsList
            orgSlug={org.slug}
            canManage={canManage}
            invitations={invitations.map((i) => ({ ...i, createdAt: i.createdAt.toISOString(), expiresAt: i.expiresAt.toISOString() }))}
          />
        </CardContent>
      </Card>
    </div>
  );
}
