import type { Metadata } from "next";
import Link from "next/link";
import { ShieldCheck } from "lucide-react";
import { requireMember } from "@/lib/page-auth";
import { FINDING_KINDS, listFindings, type FindingKind } from "@/lib/insights/list-findings";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata: Metadata = { title: "Insights" };

const TITLES: Record<FindingKind, { title: string; why: string }> = {
  approval_off: { title: "High-risk grants need no approval", why: "Four-eyes approval is off: one person can grant high-risk scopes, issue keys carrying them and reactivate accounts alone." },
  account_never_used: { title: "Never used", why: "An account nobody uses is a credential nobody watches." },
  account_unused: { title: "Unused for 90 days", why: "Still able to get tokens, but apparently not needed." },
  scope_unused: { title: "Scopes not requested for 30 days", why: "Granted power the account does not use: remove it (least privilege)." },
  secret_old: { title: "Secrets older than 90 days", why: "Rotate regularly; the grace period keeps callers working." },
  api_key_no_expiry: { title: "API keys without expiry", why: "A leaked key that never expires works forever." },
  api_key_expiring: { title: "API keys expiring within 14 days", why: "Issue replacements before integrations break." },
  high_risk_scope: { title: "High-risk scopes held", why: "Review that each is still needed." },
  disabled_with_credentials: { title: "Deactivated accounts with working credentials", why: "Reactivation would restore them; delete or revoke if the account is retired." },
};

export default async function InsightsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor } = await requireMember(slug);
  const { findings, counts, total } = await listFindings(actor, slug);
  return (
    <div className="space-y-6">
      <PageHeader title="Insights" description="Where service accounts hold more power than they use, and credentials that need care." />
      {total === 0 ? (
        <EmptyState icon={<ShieldCheck className="size-6" />} title="No findings" description="Every account is in use, least-privileged and has fresh credentials." />
      ) : (
        FINDING_KINDS.filter((k) => counts[k] > 0).map((kind) => (
          <Card key={kind} data-testid={`finding-${kind}`}>
            <CardHeader>
              <CardTitle className="flex items-center gap-2">
                {TITLES[kind].title} <Badge variant="secondary">{counts[kind]}</Badge>
              </CardTitle>
              <CardDescription>{TITLES[kind].why}</CardDescription>
            </CardHeader>
            <CardContent>
              <ul className="divide-y" aria-label={TITLES[kind].title}>
                {findings
                  .filter((f) => f.kind === kind)
                  .map((f) => (
                    <li key={`${f.clientId}-${f.subject}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
                      {f.accountName ? (
                        <Link href={f.fix.href} className="font-medium underline-offset-4 hover:underline">
                          {f.accountName}
                        </Link>
                      ) : null}
                      {f.subject && kind.includes("scope") ? <code className="font-mono text-xs">{f.subject}</code> : null}
                      <span className="text-muted-foreground">{f.reason}</span>
                      <Link href={f.fix.href} className="ml-auto text-sm text-primary underline-offset-4 hover:underline">
                        {f.fix.label}
                      </Link>
                    </li>
                  ))}
              </ul>
            </CardContent>
          </Card>
        ))
      )}
    </div>
  );
}
