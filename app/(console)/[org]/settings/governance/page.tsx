import type { Metadata } from "next";
import Link from "next/link";
import { ShieldCheck, UserPlus } from "lucide-react";
import { requireMember } from "@/lib/page-auth";
import { can } from "@/lib/permissions";
import { getOrganizationSettings } from "@/lib/orgs/get-organization-settings";
import { countOtherApprovers } from "@/lib/change-requests/count-approvers";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ApprovalSetting } from "./_components/approval-setting";

export const metadata: Metadata = { title: "Governance" };

export default async function GovernanceSettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, principal, org, session } = await requireMember(slug);
  const { requireApproval } = await getOrganizationSettings(actor, slug);
  const isOwner = can(principal, "members:manage");
  // Approvers besides the person looking: with none, their own requests could never be approved.
  const others = await countOtherApprovers(org.id, `user:${session.user.id}`);
  return (
    <div className="space-y-6">
      <PageHeader title="Governance" description="Controls on who can grant high-risk access, and how." />
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            Four-eyes approval{" "}
            <Badge variant={requireApproval ? "success" : "secondary"} data-testid="approval-state">
              {requireApproval ? "on" : "off"}
            </Badge>
          </CardTitle>
          <CardDescription>
            When on, granting a high-risk scope (at creation or later), creating an API key that carries one, and reactivating an account become
            change requests that another ADMIN or OWNER (or a service account holding tessera:change-requests:approve) must approve. Requests
            expire after 7 days. Grants can be time-boxed. Turning approval off, or clearing a scope&apos;s high-risk flag, then needs approval too.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {requireApproval && others === 0 ? (
            <Alert variant="warning" data-testid="no-approver">
              <UserPlus aria-hidden />
              <AlertTitle>No one else can approve</AlertTitle>
              <AlertDescription>
                <p>
                  Nobody besides you can approve a request in this organisation.{" "}
                  <Link href={`/${slug}/settings/members`} className="underline underline-offset-4">
                    Invite a second ADMIN or OWNER
                  </Link>
                  , or the operator approves with <code>tessera requests approve</code>.
                </p>
              </AlertDescription>
            </Alert>
          ) : null}
          {isOwner ? (
            <ApprovalSetting orgSlug={slug} on={requireApproval} />
          ) : (
            <p className="flex items-center gap-2 text-sm text-muted-foreground">
              <ShieldCheck className="size-4" aria-hidden /> Only owners change this setting.
            </p>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
