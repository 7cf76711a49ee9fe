import type { Metadata } from "next";
import Link from "next/link";
import { ClipboardCheck } from "lucide-react";
import { requireMember } from "@/lib/page-auth";
import { can } from "@/lib/permissions";
import { getAccessReviewStatus } from "@/lib/access-reviews/get-access-review-status";
import { listAccessReviews } from "@/lib/access-reviews/list-access-reviews";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { Badge } from "@/components/ui/badge";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatUtc } from "@/components/service-accounts/format";
import { StartReviewButton } from "./_components/start-review-button";
import { CadenceForm } from "./_components/cadence-form";

export const metadata: Metadata = { title: "Access reviews" };

export default async function AccessReviewsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, principal } = await requireMember(slug, "access-reviews:read");
  const canManage = can(principal, "access-reviews:manage");
  const [status, reviews] = await Promise.all([getAccessReviewStatus(actor, slug), listAccessReviews(actor, slug)]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Access reviews"
        description="Every grant of every account, marked keep or remove. Closing a review removes what was marked remove."
        actions={canManage && !status.openReview ? <StartReviewButton orgSlug={slug} /> : null}
      />
      {status.overdue ? (
        <Alert variant="warning" data-testid="review-overdue">
          <ClipboardCheck aria-hidden />
          <AlertTitle>An access review is overdue</AlertTitle>
          <AlertDescription>
            It was due {formatUtc(status.dueAt.toISOString())} ({status.cadenceDays}-day cadence).
            {status.openReview ? " Finish and close the open review." : canManage ? " Start one now." : " Ask an admin to start one."}
          </AlertDescription>
        </Alert>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>Cadence</CardTitle>
          <CardDescription>
            Every {status.cadenceDays} days; the next review is due by {formatUtc(status.dueAt.toISOString())}
            {status.lastClosedAt ? `, ${status.cadenceDays} days after the last one closed` : ""}.
          </CardDescription>
        </CardHeader>
        {canManage ? (
          <CardContent>
            <CadenceForm orgSlug={slug} days={status.cadenceDays} />
          </CardContent>
        ) : null}
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Campaigns</CardTitle>
        </CardHeader>
        <CardContent>
          {reviews.length === 0 ? (
            <EmptyState icon={<ClipboardCheck />} title="No review yet" description={canManage ? "Start one to look at every grant." : "An admin starts reviews."} />
          ) : (
            <Table aria-label="Access reviews">
              <TableHeader>
                <TableRow>
                  <TableHead>Started</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead className="text-right">Grants</TableHead>
                  <TableHead className="text-right">Keep</TableHead>
                  <TableHead className="text-right">Remove</TableHead>
                  <TableHead className="text-right">Undecided</TableHead>
                  <TableHead>Closed</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {reviews.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>
                      <Link href={`/${slug}/reviews/${r.id}`} className="underline-offset-4 hover:underline">
                        {formatUtc(r.startedAt)}
                      </Link>
                      <span className="text-muted-foreground"> by {r.startedBy ?? "-"}</span>
                    </TableCell>
                    <TableCell>
                      <Badge variant={r.status === "open" ? "default" : "secondary"}>{r.status}</Badge>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{r.grants}</TableCell>
                    <TableCell className="text-right tabular-nums">{r.keep}</TableCell>
                    <TableCell className="text-right tabular-nums">{r.remove}</TableCell>
                    <TableCell className="text-right tabular-nums">{r.undecided}</TableCell>
                    <TableCell>{r.closedAt ? `${formatUtc(r.closedAt)} by ${r.closedBy ?? "-"}` : "-"}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
