import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft, Download } from "lucide-react";
import { requireMember } from "@/lib/page-auth";
import { can } from "@/lib/permissions";
import { isAppError } from "@/lib/errors";
import { getAccessReview } from "@/lib/access-reviews/get-access-review";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatAge, formatUtc } from "@/components/service-accounts/format";
import { TimeAgo } from "@/components/service-accounts/time-ago";
import { DecisionButtons } from "./_components/decision-buttons";
import { CloseReviewButton } from "./_components/close-review-button";

export const metadata: Metadata = { title: "Access review" };

async function load(actor: Parameters<typeof getAccessReview>[0], slug: string, id: string) {
  try {
    return await getAccessReview(actor, slug, id);
  } catch (e) {
    if (isAppError(e) && (e.code === "not_found" || e.code === "validation_failed")) notFound();
    throw e;
  }
}

export default async function AccessReviewPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org: slug, id } = await params;
  const { actor, principal } = await requireMember(slug, "access-reviews:read");
  const review = await load(actor, slug, id);
  const open = review.status === "open";
  const canDecide = open && can(principal, "access-reviews:decide");
  const now = new Date().toISOString();
  return (
    <div className="space-y-6">
      <Link href={`/${slug}/reviews`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden /> Access reviews
      </Link>
      <PageHeader
        title={`Access review of ${formatUtc(review.startedAt)}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge variant={open ? "default" : "secondary"} data-testid="review-status">{review.status}</Badge>
            {review.grants} grants · {review.keep} keep · {review.remove} remove · {review.undecided} undecided
            {review.closedAt ? ` · closed ${formatUtc(review.closedAt)} by ${review.closedBy ?? "-"}` : ""}
          </span>
        }
        actions={
          open ? (
            can(principal, "access-reviews:manage") ? <CloseReviewButton orgSlug={slug} reviewId={review.id} remove={review.remove} undecided={review.undecided} /> : null
          ) : (
            // A POST (same-origin checked), like the audit export: a link elsewhere cannot make a download happen.
            <form method="post" action={`/${slug}/reviews/${review.id}/export`}>
              <Button type="submit" variant="outline">
                <Download className="size-4" aria-hidden /> Export CSV
              </Button>
            </form>
          )
        }
      />
      {review.accounts.map((a) => (
        <Card key={a.clientId} data-testid={`review-account-${a.clientId}`}>
          <CardHeader>
            <CardTitle>
              {a.name} <code className="font-mono text-xs text-muted-foreground">{a.clientId}</code>
              {a.status !== "ACTIVE" ? <Badge variant="secondary" className="ml-2">{a.status}</Badge> : null}
            </CardTitle>
            <CardDescription>
              Owner: {a.owner ?? "nobody"} · Credentials:{" "}
              {a.credentials.length === 0
                ? "none"
                : a.credentials.map((c) => `${c.kind === "api_key" ? `API key ${c.name}` : "secret"} ••••${c.hint} (${formatAge(c.createdAt, now)} old, last used ${c.lastUsedAt ? formatAge(c.lastUsedAt, now) + " ago" : "never"})`).join("; ")}
            </CardDescription>
          </CardHeader>
          <CardContent>
            {a.grants.length === 0 ? (
              <p className="text-sm text-muted-foreground">Holds no scope.</p>
            ) : (
              <Table aria-label={`Grants of ${a.name}`}>
                <TableHeader>
                  <TableRow>
                    <TableHead>Scope</TableHead>
                    <TableHead>Granted</TableHead>
                    <TableHead>Last requested</TableHead>
                    <TableHead>Decision</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {a.grants.map((g) => (
                    <TableRow key={g.itemId} data-testid={`grant-${a.clientId}-${g.scope}`}>
                      <TableCell>
                        <code className="font-mono text-xs">{g.scope}</code>
                        {g.highRisk ? <Badge variant="warning" className="ml-2">high risk</Badge> : null}
                      </TableCell>
                      <TableCell>{formatUtc(g.grantedAt)}</TableCell>
                      <TableCell>
                        <TimeAgo iso={g.lastRequestedAt} now={now} />
                      </TableCell>
                      <TableCell>
                        {canDecide ? (
                          <DecisionButtons orgSlug={slug} reviewId={review.id} itemId={g.itemId} label={`${a.name} ${g.scope}`} decision={g.decision} />
                        ) : (
                          <span>
                            {g.decision ?? "undecided"}
                            {g.outcome ? <span className="text-muted-foreground"> → {g.outcome}</span> : null}
                            {g.decidedBy ? <span className="text-muted-foreground"> ({g.decidedBy})</span> : null}
                          </span>
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
