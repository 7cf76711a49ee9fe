import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft, Hourglass, PowerOff } from "lucide-react";
import { requireMember } from "@/lib/page-auth";
import { can } from "@/lib/permissions";
import { MAX_VALID_SECRETS } from "@/lib/service-accounts/policy";
import { isAppError } from "@/lib/errors";
import { publicUrl } from "@/lib/env";
import { getServiceAccount } from "@/lib/service-accounts/get-service-account";
import { listScopes } from "@/lib/scopes/list-scopes";
import { listChangeRequests } from "@/lib/change-requests/list-change-requests";
import { getOrganizationSettings } from "@/lib/orgs/get-organization-settings";
import { listMembers } from "@/lib/members/list-members";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/service-accounts/copy-button";
import { StatusBadge } from "@/components/service-accounts/status-badge";
import { AccountSettings } from "./_components/account-settings";
import { AccountStatusDialog } from "./_components/account-status-dialog";
import { DeleteAccountDialog } from "./_components/delete-account-dialog";
import { EditAccountDialog } from "./_components/edit-account-dialog";
import { SecretsTable } from "./_components/secrets-table";
import { RotateSecretDialog } from "./_components/rotate-secret-dialog";
import { ApiKeysTable } from "./_components/api-keys-table";
import { CreateApiKeyDialog } from "./_components/create-api-key-dialog";
import { AccountEvents } from "./_components/account-events";
import { AccountOwnerForm } from "./_components/account-owner-form";

export const metadata: Metadata = { title: "Service account" };

async function load(actor: Parameters<typeof getServiceAccount>[0], slug: string, clientId: string) {
  try {
    return await getServiceAccount(actor, slug, clientId);
  } catch (e) {
    // A client id from the path that cannot be one (too long) names no account either.
    if (isAppError(e) && (e.code === "not_found" || e.code === "bad_request")) notFound();
    throw e;
  }
}

export default async function ServiceAccountPage({ params }: { params: Promise<{ org: string; clientId: string }> }) {
  const { org: slug, clientId } = await params;
  const { actor, principal } = await requireMember(slug);
  const { account, secrets, apiKeys, events } = await load(actor, slug, clientId);
  // Reviewers get no mutation control rendered at all; the server refuses their calls anyway.
  const canManage = can(principal, "service-accounts:write");
  const [catalog, members] = canManage ? await Promise.all([listScopes(actor, slug), listMembers(actor, slug)]) : [[], null];
  const [{ items: waiting }, { requireApproval }] = await Promise.all([
    listChangeRequests(actor, slug, { status: "pending", target: account.clientId, limit: 10 }),
    getOrganizationSettings(actor, slug),
  ]);
  const now = new Date().toISOString();
  const validSecrets = secrets.filter((s) => s.status === "active").length;

  return (
    <div className="space-y-6">
      <Link href={`/${slug}/service-accounts`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden /> Service accounts
      </Link>
      <PageHeader
        className="pb-0"
        title={account.name}
        description={
          <div className="flex flex-wrap items-center gap-2">
            <StatusBadge status={account.status} />
            <span>Client ID</span>
            <code className="font-mono text-xs text-foreground" data-testid="client-id">
              {account.clientId}
            </code>
            <CopyButton value={account.clientId} label="Copy client ID" />
          </div>
        }
        actions={
          canManage ? (
            <>
              <AccountStatusDialog orgSlug={slug} clientId={account.clientId} name={account.name} status={account.status} />
              <DeleteAccountDialog orgSlug={slug} clientId={account.clientId} name={account.name} />
            </>
          ) : null
        }
      />
      {account.status === "DISABLED" ? (
        <Alert variant="warning">
          <PowerOff aria-hidden />
          <AlertTitle>Deactivated</AlertTitle>
          <AlertDescription>No secret, API key or access token of this account works until it is reactivated.</AlertDescription>
        </Alert>
      ) : null}

      {waiting.length ? (
        <Alert data-testid="pending-requests">
          <Hourglass aria-hidden />
          <AlertTitle>
            {waiting.length} change{waiting.length > 1 ? "s" : ""} waiting for approval
          </AlertTitle>
          <AlertDescription>
            <ul>
              {waiting.map((r) => (
                <li key={r.id}>
                  <Link href={`/${slug}/requests/${r.id}`} className="underline underline-offset-4">
                    {r.summary}
                  </Link>{" "}
                  <span className="text-muted-foreground">requested by {r.requestedBy.label ?? r.requestedBy.type}</span>
                </li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Configuration</CardTitle>
          <CardDescription>What tokens issued to this account may do, and for whom.</CardDescription>
          {canManage ? (
            <CardAction>
              <EditAccountDialog
                orgSlug={slug}
                clientId={account.clientId}
                account={{
                  name: account.name,
                  description: account.description,
                  scopes: account.scopes.map((s) => s.name),
                  audiences: account.audiences,
                  tokenTtlSeconds: account.tokenTtlSeconds,
                }}
                catalog={catalog.map((s) => ({ name: s.name, description: s.description, highRisk: s.highRisk }))}
                approvalRequired={requireApproval}
              />
            </CardAction>
          ) : null}
        </CardHeader>
        <CardContent>
          <AccountSettings
            account={account}
            now={now}
            ownerForm={
              members ? (
                <AccountOwnerForm orgSlug={slug} clientId={account.clientId} ownerEmail={account.ownerEmail} members={members.members.map((m) => m.email)} />
              ) : undefined
            }
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Client secrets</CardTitle>
          <CardDescription>At most {MAX_VALID_SECRETS} are valid at once, so a rotation can overlap while services pick up the new one.</CardDescription>
          {canManage ? (
            <CardAction>
              <RotateSecretDialog
                orgSlug={slug}
                clientId={account.clientId}
                accountName={account.name}
                audiences={account.audiences}
                tokenUrl={`${publicUrl()}/oauth/token`}
                validSecrets={validSecrets}
              />
            </CardAction>
          ) : null}
        </CardHeader>
        <CardContent>
          <SecretsTable orgSlug={slug} clientId={account.clientId} secrets={secrets} now={now} canManage={canManage} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>API keys</CardTitle>
          <CardDescription>For integrations that cannot do OAuth. Resource servers check them through introspection.</CardDescription>
          {canManage ? (
            <CardAction>
              <CreateApiKeyDialog orgSlug={slug} clientId={account.clientId} accountScopes={account.scopes} />
            </CardAction>
          ) : null}
        </CardHeader>
        <CardContent>
          <ApiKeysTable orgSlug={slug} clientId={account.clientId} apiKeys={apiKeys} now={now} canManage={canManage} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Recent activity</CardTitle>
          <CardDescription>The newest audit events about this account or made by it.</CardDescription>
        </CardHeader>
        <CardContent>
          <AccountEvents events={events} now={now} />
        </CardContent>
      </Card>
    </div>
  );
}
