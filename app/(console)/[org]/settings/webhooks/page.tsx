import type { Metadata } from "next";
import { Webhook } from "lucide-react";
import { requireMember } from "@/lib/page-auth";
import { can } from "@/lib/permissions";
import { listWebhookEndpoints } from "@/lib/webhooks/list-webhook-endpoints";
import { listWebhookDeliveries } from "@/lib/webhooks/list-webhook-deliveries";
import { DELIVERY_LOG_RETENTION_DAYS, RETRY_DELAYS_SECONDS } from "@/lib/webhooks/policy";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { Badge } from "@/components/ui/badge";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatUtc } from "@/components/service-accounts/format";
import { CreateWebhookDialog } from "./_components/create-webhook-dialog";
import { EndpointActions } from "./_components/endpoint-actions";
import { DeliveryLog } from "./_components/delivery-log";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, principal } = await requireMember(slug, "webhooks:manage");
  const endpoints = await listWebhookEndpoints(actor, slug);
  const logs = await Promise.all(endpoints.map((e) => listWebhookDeliveries(actor, slug, e.id, { limit: 20 })));
  return (
    <div className="space-y-6">
      <PageHeader
        title="Webhooks"
        description={`Signed (Standard Webhooks) notifications of expiring credentials, rotated secrets still in use, waiting change requests, due reviews, deactivations and token denial spikes. Failed deliveries are retried ${RETRY_DELAYS_SECONDS.length - 1} times over about a day; an endpoint failing for a day is disabled. The delivery log keeps ${DELIVERY_LOG_RETENTION_DAYS} days.`}
        actions={<CreateWebhookDialog orgSlug={slug} canAllowPrivate={can(principal, "webhooks:allow-private")} />}
      />
      {endpoints.length === 0 ? <EmptyState icon={<Webhook />} title="No endpoint yet" description="Add one to be told when something needs attention." /> : null}
      {endpoints.map((e, i) => (
        <Card key={e.id} data-testid={`endpoint-${e.id}`}>
          <CardHeader>
            <CardTitle className="flex flex-wrap items-center gap-2 break-all">
              <code className="font-mono text-sm">{e.url}</code>
              <Badge variant={e.enabled ? "success" : "destructive"}>{e.enabled ? "enabled" : "disabled"}</Badge>
              {e.allowPrivate ? <Badge variant="warning">private targets allowed</Badge> : null}
            </CardTitle>
            <CardDescription>
              Events: {e.events?.join(", ") ?? "all"} · added {formatUtc(e.createdAt)} by {e.createdBy ?? "-"}
              {e.previousSecretExpiresAt ? ` · previous secret signs until ${formatUtc(e.previousSecretExpiresAt)}` : ""}
            </CardDescription>
            <CardAction>
              <EndpointActions orgSlug={slug} endpointId={e.id} enabled={e.enabled} />
            </CardAction>
          </CardHeader>
          <CardContent className="space-y-4">
            {!e.enabled ? (
              <Alert variant="destructive">
                <AlertTitle>Disabled</AlertTitle>
                <AlertDescription>{e.disabledReason ?? "Disabled."} Nothing is sent until it is enabled again.</AlertDescription>
              </Alert>
            ) : e.failingSince ? (
              <Alert variant="warning">
                <AlertTitle>Failing</AlertTitle>
                <AlertDescription>Deliveries have failed since {formatUtc(e.failingSince)}; a day of failures disables the endpoint.</AlertDescription>
              </Alert>
            ) : null}
            <DeliveryLog deliveries={logs[i]!} label={`Delivery log of ${e.url}`} />
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
