import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft, Hourglass, UserPlus } from "lucide-react";
import { requireMember } from "@/lib/page-auth";
import { isAppError } from "@/lib/errors";
import { can } from "@/lib/permissions";
import { getChangeRequest } from "@/lib/change-requests/get-change-request";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ChangeReview } from "@/components/service-accounts/change-review";
import { formatDuration, formatUtc } from "@/components/service-accounts/format";
import { RequestStatusBadge } from "../_components/request-status-badge";
import { RequestDecision } from "./_components/request-decision";

export const metadata: Metadata = { title: "Change request" };

async function load(actor: Parameters<typeof getChangeRequest>[0], slug: string, id: string) {
  try {
    return await getChangeRequest(actor, slug, id);
  } catch (e) {
    if (isAppError(e) && (e.code === "not_found" || e.code === "validation_failed")) notFound();
    throw e;
  }
}

export default async function ChangeRequestPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org: slug, id } = await params;
  const { actor, principal } = await requireMember(slug, "service-accounts:read");
  const request = await load(actor, slug, id);
  const pending = request.status === "pending";
  const targetHref = request.target.type === "service_account" ? `/${slug}/service-accounts/${request.target.id}` : request.target.type === "scope" ? `/${slug}/scopes` : `/${slug}/settings/governance`;
  const facts: [string, React.ReactNode][] = [
    ["Target", <Link key="t" href={targetHref} className="underline underline-offset-4">{request.target.label}</Link>],
    ["Requested by", `${request.requestedBy.label ?? request.requestedBy.type} (${request.requestedBy.type})`],
    ["Requested", formatUtc(request.requestedAt)],
    [pending ? "Expires" : "Would have expired", formatUtc(request.expiresAt)],
  ];
  if (request.grantForSeconds) facts.push(["Granted for", `${formatDuration(request.grantForSeconds)} from approval, then removed by itself`]);
  if (request.decidedBy) facts.push([`${request.status[0]!.toUpperCase()}${request.status.slice(1)} by`, `${request.decidedBy.label ?? request.decidedBy.type} at ${formatUtc(request.decidedAt)}`]);
  if (request.comment) facts.push(["Comment", request.comment]);

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <Link href={`/${slug}/requests`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden /> Change requests
      </Link>
      <PageHeader title={request.summary} description={<RequestStatusBadge status={request.status} />} />

      {pending && request.viewer.isRequester ? (
        request.otherApprovers === 0 ? (
          <Alert variant="warning" data-testid="no-approver">
            <UserPlus aria-hidden />
            <AlertTitle>No one else can approve this</AlertTitle>
            <AlertDescription>
              <p>
                You are the only admin of this organisation, and a request needs someone other than its requester.{" "}
                <Link href={`/${slug}/settings/members`} className="underline underline-offset-4">
                  Invite a second ADMIN or OWNER
                </Link>{" "}
                in Members, or ask the operator to run <code>tessera requests approve {request.id} --org {slug}</code>.
              </p>
            </AlertDescription>
          </Alert>
        ) : (
          <Alert>
            <Hourglass aria-hidden />
            <AlertTitle>Waiting for approval</AlertTitle>
            <AlertDescription>You asked for this change, so someone else approves it. Nothing has changed yet.</AlertDescription>
          </Alert>
        )
      ) : null}
      {pending && !request.viewer.isRequester && !can(principal, "change-requests:approve") ? (
        <Alert>
          <Hourglass aria-hidden />
          <AlertTitle>Waiting for an ADMIN or OWNER</AlertTitle>
          <AlertDescription>Your role can see this request but not decide it.</AlertDescription>
        </Alert>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>What approving it changes</CardTitle>
          <CardDescription>Applied exactly as shown, and only while {request.target.label} is as it was when this was requested.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-6">
          <ChangeReview changes={request.changes} label="Requested changes" />
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]" aria-label="Request details">
            {facts.map(([term, value]) => (
              <div key={term} className="contents">
                <dt className="text-muted-foreground">{term}</dt>
                <dd className="break-words">{value}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>

      {request.viewer.canDecide || request.viewer.canWithdraw ? (
        <Card>
          <CardHeader>
            <CardTitle>{request.viewer.canDecide ? "Decide" : "Your request"}</CardTitle>
          </CardHeader>
          <CardContent>
            <RequestDecision orgSlug={slug} id={request.id} canDecide={request.viewer.canDecide} canWithdraw={request.viewer.canWithdraw} />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
