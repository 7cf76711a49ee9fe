import type { Metadata } from "next";
import Link from "next/link";
import { Activity, BarChart3, ClipboardCheck, ShieldAlert, Users, WebhookOff } from "lucide-react";
import { requireMember } from "@/lib/page-auth";
import { listMembers } from "@/lib/members/list-members";
import { listRecentAuditEvents } from "@/lib/audit/list-recent-events";
import { listFindings } from "@/lib/insights/list-findings";
import { summarizeTokenActivity, TOKEN_ACTIVITY_DAYS, TOP_ACCOUNTS_DAYS } from "@/lib/audit/summarize-token-activity";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/service-accounts/time-ago";
import { formatUtc } from "@/components/service-accounts/format";
import { TokenActivityChart } from "@/components/charts/token-activity-chart";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { can } from "@/lib/permissions";
import { getAccessReviewStatus } from "@/lib/access-reviews/get-access-review-status";
import { listWebhookEndpoints } from "@/lib/webhooks/list-webhook-endpoints";

export const metadata: Metadata = { title: "Overview" };

const CHART_LABEL = `Tokens issued and denied per day, last ${TOKEN_ACTIVITY_DAYS} days (UTC)`;

export default async function OrgHome({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { org, role, actor, principal } = await requireMember(slug);
  const now = new Date();
  const [{ members, invitations }, events, insights, activity, review, webhooks] = await Promise.all([
    listMembers(actor, slug),
    listRecentAuditEvents(actor, slug),
    listFindings(actor, slug, now),
    summarizeTokenActivity(actor, slug, now),
    getAccessReviewStatus(actor, slug, now),
    // The owners answer for the organisation's notifications: they are told here when an endpoint was disabled.
    role === "OWNER" ? listWebhookEndpoints(actor, slug) : [],
  ]);
  const disabledWebhooks = webhooks.filter((w) => !w.enabled);
  const nowIso = now.toISOString();
  const anyTokens = activity.days.some((d) => d.issued + d.denied > 0);
  const auditHref = (id: string) => `/${org.slug}/audit?event=${encodeURIComponent(id)}`;
  return (
    <div className="space-y-6">
      <PageHeader title={org.name} description={`Organisation “${org.slug}” · you are ${role}`} />
      {review.overdue ? (
        <Alert variant="warning" data-testid="home-review-overdue">
          <ClipboardCheck aria-hidden />
          <AlertTitle>An access review is overdue</AlertTitle>
          <AlertDescription>
            <p>
              It was due {formatUtc(review.dueAt.toISOString())} (every {review.cadenceDays} days).{" "}
              <Link href={`/${org.slug}/reviews${review.openReview ? `/${review.openReview.id}` : ""}`} className="underline underline-offset-4">
                {review.openReview ? "Finish the open review" : can(principal, "access-reviews:manage") ? "Start a review" : "See access reviews"}
              </Link>
            </p>
          </AlertDescription>
        </Alert>
      ) : null}
      {disabledWebhooks.length ? (
        <Alert variant="destructive" data-testid="home-webhook-disabled">
          <WebhookOff aria-hidden />
          <AlertTitle>{disabledWebhooks.length === 1 ? "A webhook endpoint was disabled" : `${disabledWebhooks.length} webhook endpoints were disabled`}</AlertTitle>
          <AlertDescription>
            <p>
              {disabledWebhooks.map((w) => `${w.url}: ${w.disabledReason ?? "disabled"}`).join("; ")}.{" "}
              <Link href={`/${org.slug}/settings/webhooks`} className="underline underline-offset-4">
                Open webhooks
              </Link>
            </p>
          </AlertDescription>
        </Alert>
      ) : null}
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
          <CardTitle>Token activity</CardTitle>
          <CardDescription>{CHART_LABEL}.</CardDescription>
        </CardHeader>
        <CardContent>
          <section aria-label="Token activity chart">
            {anyTokens ? (
              <TokenActivityChart days={activity.days} label={CHART_LABEL} />
            ) : (
              <EmptyState
                icon={<BarChart3 />}
                title="No tokens yet"
                description={`No token was issued or denied in the last ${TOKEN_ACTIVITY_DAYS} days.`}
              />
            )}
          </section>
        </CardContent>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Top accounts</CardTitle>
            <CardDescription>Service accounts issued the most tokens in the last {TOP_ACCOUNTS_DAYS} days.</CardDescription>
          </CardHeader>
          <CardContent>
            {activity.topAccounts.length === 0 ? (
              <EmptyState icon={<Users />} title="No tokens issued" description={`No account got a token in the last ${TOP_ACCOUNTS_DAYS} days.`} />
            ) : (
              <ol className="divide-y" aria-label="Top accounts">
                {activity.topAccounts.map((a) => (
                  <li key={a.clientId} className="flex items-center gap-3 py-2 text-sm">
                    <div className="min-w-0">
                      {a.exists ? (
                        <Link href={`/${org.slug}/service-accounts/${a.clientId}`} className="font-medium underline-offset-4 hover:underline">
                          {a.name}
                        </Link>
                      ) : (
                        <span className="font-medium">
                          {a.name} <span className="text-muted-foreground">(deleted)</span>
                        </span>
                      )}
                      <p className="truncate font-mono text-xs text-muted-foreground">{a.clientId}</p>
                    </div>
                    <span className="ml-auto tabular-nums">
                      {a.tokens.toLocaleString("en")} <span className="text-muted-foreground">{a.tokens === 1 ? "token" : "tokens"}</span>
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Recent high-risk changes</CardTitle>
            <CardDescription>Credentials, keys, scopes, members and audit exports: the newest changes that alter who can do what.</CardDescription>
          </CardHeader>
          <CardContent>
            {activity.highRiskChanges.length === 0 ? (
              <EmptyState icon={<ShieldAlert />} title="No high-risk changes" />
            ) : (
              <ol className="divide-y" aria-label="Recent high-risk changes">
                {activity.highRiskChanges.map((e) => (
                  <li key={e.id} className="flex flex-wrap items-start gap-x-3 gap-y-1 py-2 text-sm">
                    <div className="min-w-0">
                      <Link href={auditHref(e.id)} className="underline-offset-4 hover:underline" aria-label={`Open event ${e.action} #${e.seq}`}>
                        <code className="font-mono text-xs">{e.action}</code>
                      </Link>
                      {e.outcome !== "success" ? <Badge variant="destructive" className="ml-2">{e.outcome}</Badge> : null}
                      <p className="text-muted-foreground">
                        by {e.actorLabel ?? e.actorType}
                        {e.targetLabel ? ` → ${e.targetLabel}` : ""}
                      </p>
                    </div>
                    <div className="ml-auto text-right text-xs">
                      <TimeAgo iso={e.occurredAt} now={nowIso} />
                      <p className="font-mono text-muted-foreground">{formatUtc(e.occurredAt)}</p>
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle>Recent activity</CardTitle>
          <CardDescription>
            The newest events recorded for this organisation.{" "}
            <Link href={`/${org.slug}/audit`} className="underline underline-offset-4">
              Open the audit trail
            </Link>
          </CardDescription>
        </CardHeader>
        <CardContent>
          {events.length === 0 ? (
            <EmptyState icon={<Activity className="size-6" />} title="No activity yet" />
          ) : (
            <ol className="divide-y" aria-label="Recent activity">
              {events.map((e) => (
                <li key={e.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
                  <Link href={auditHref(e.id)} className="underline-offset-4 hover:underline" aria-label={`Open event ${e.action} #${e.seq}`}>
                    <code className="font-mono text-xs">{e.action}</code>
                  </Link>
                  {e.outcome !== "success" ? <Badge variant="destructive">{e.outcome}</Badge> : null}
                  <span className="text-muted-foreground">
                    by {e.actorLabel ?? e.actorType}
                    {e.targetLabel ? ` → ${e.targetLabel}` : ""}
                  </span>
                  <span className="ml-auto text-xs text-muted-foreground">
                    <TimeAgo iso={e.occurredAt.toISOString()} now={nowIso} /> · {formatUtc(e.occurredAt.toISOString())}
                  </span>
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
