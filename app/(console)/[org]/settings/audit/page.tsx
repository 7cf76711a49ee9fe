import type { Metadata } from "next";
import { requireMember } from "@/lib/page-auth";
import { can } from "@/lib/permissions";
import { getAuditTrailStatus } from "@/lib/audit/get-audit-trail-status";
import { PageHeader } from "@/components/page-header";
import { formatUtc } from "@/components/service-accounts/format";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { RetentionForm } from "./_components/retention-form";

export const metadata: Metadata = { title: "Audit retention" };

const utc = (d: Date) => formatUtc(d.toISOString());

export default async function AuditSettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, principal } = await requireMember(slug);
  const canSetRetention = can(principal, "audit:retention");
  const status = await getAuditTrailStatus(actor, slug);
  const facts: [string, string][] = [
    ["Retention", status.retentionDays == null ? "Keep every event" : `${status.retentionDays} days`],
    ["Events recorded", status.headSeq.toLocaleString("en")],
    ["Oldest event kept", status.oldestEventAt ? `#${status.firstSeq?.toLocaleString("en")} · ${utc(status.oldestEventAt)}` : "None yet"],
    [
      "Latest signed checkpoint",
      status.latestCheckpoint
        ? `#${status.latestCheckpoint.seq.toLocaleString("en")} · ${utc(status.latestCheckpoint.signedAt)} · key ${status.latestCheckpoint.kid}`
        : "None yet (the server signs one every few minutes)",
    ],
  ];
  return (
    <div className="space-y-6">
      <PageHeader title="Audit retention" description="How long this organisation keeps its audit events, and how far the chain is anchored." />
      <Card>
        <CardHeader>
          <CardTitle>Status</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]" aria-label="Audit trail status">
            {facts.map(([term, value]) => (
              <div key={term} className="contents">
                <dt className="text-muted-foreground">{term}</dt>
                <dd className="break-all">{value}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Retention</CardTitle>
          <CardDescription>
            {canSetRetention
              ? "Older events are deleted for good; the change itself stays in the trail. The remaining chain still verifies from the signed checkpoint where it now starts."
              : "Only owners change retention."}
          </CardDescription>
        </CardHeader>
        {canSetRetention ? (
          <CardContent>
            <RetentionForm orgSlug={slug} days={status.retentionDays} />
          </CardContent>
        ) : null}
      </Card>
    </div>
  );
}
