import type { Metadata } from "next";
import { Activity } from "lucide-react";
import { requireMember } from "@/lib/page-auth";
import { listMembers } from "@/lib/members/list-members";
import { listRecentAuditEvents } from "@/lib/audit/list-recent-events";
import { listFindings } from "@/lib/insights/list-findings";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";

export const metadata: Metadata = { title: "Overview" };

export default async function OrgHome({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { org, role, actor } = await requireMember(slug);
  const [{ members, invitations }, events, insights] = await Promise.all([
    listMembers(actor, slug),
    listRecentAuditEvents(actor, slug),
    listFindings(actor, slug),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader title={org.name} description={`Organisation “${org.slug}” · you are ${role}`} />
      <div className="grid gap-4 sm:grid-cols-4">
        <Stat label="Members" value={members.length} />
        <Stat label="Open invitations" value={invitations.length} />
        <Stat label="Audit events" value={events[0]?.seq ?? 0} />
        <Link href={`/${org.slug}/insights`} aria-label={`${insights.total} insights findings`}>
          <Stat label="Insights findings" value={insights.total} />
        </Link>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Recent activity</CardTitle>
          <CardDescription>The newest events recorded for this organisation.</CardDescription>
        </CardHeader>
        <CardContent>
          {events.length === 0 ? (
            <EmptyState icon={<Activity className="size-6" />} title="No activity yet" />
          ) : (
            <ol className="divide-y" aria-label="Recent activity">
              {events.map((e) => (
                <li key={e.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
                  <code className="font-mono text-xs">{e.action}</code>
                  {e.outcome !== "success" ? <Badge variant="destructive">{e.outcome}</Badge> : null}
                  <span className="text-muted-foreground">
                    by {e.actorLabel ?? e.actorType}
                    {e.targetLabel ? ` → ${e.targetLabel}` : ""}
                  </span>
                  <time className="ml-auto text-xs text-muted-foreground" dateTime={e.occurredAt.toISOString()}>
                    {e.occurredAt.toISOString().replace("T", " ").slice(0, 19)} UTC
                  </time>
                </li>
              ))}
            </ol>
          )}
        </CardContent>
      </Card>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <Card>
      <CardHeader className="pb-2">
        <CardDescription>{label}</CardDescription>
        <CardTitle className="text-3xl tabular-nums">{value}</CardTitle>
      </CardHeader>
    </Card>
  );
}
