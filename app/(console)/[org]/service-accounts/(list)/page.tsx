import type { Metadata } from "next";
import Link from "next/link";
import { KeyRound, Plus } from "lucide-react";
import { requireMember } from "@/lib/page-auth";
import { can } from "@/lib/permissions";
import { listServiceAccounts } from "@/lib/service-accounts/list-service-accounts";
import { listScopes } from "@/lib/scopes/list-scopes";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { parseListQuery } from "../search-params";
import { ServiceAccountsTable } from "../_components/service-accounts-table";

export const metadata: Metadata = { title: "Service accounts" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function ServiceAccountsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> }) {
  const { org: slug } = await params;
  const { actor, principal } = await requireMember(slug);
  const query = parseListQuery(await searchParams);
  const [list, catalog] = await Promise.all([listServiceAccounts(actor, slug, query), listScopes(actor, slug)]);
  const canManage = can(principal, "service-accounts:write");
  const filtered = Boolean(query.q || query.status || query.scope || query.audience);
  const noAccountsYet = list.total === 0 && !filtered;
  const createButton = (
    <Button asChild>
      <Link href={`/${slug}/service-accounts/new`}>
        <Plus aria-hidden /> Create service account
      </Link>
    </Button>
  );
  return (
    <div className="space-y-6">
      <PageHeader
        title="Service accounts"
        description="Non-human identities your jobs, integrations and agents use to get access tokens."
        actions={canManage && !noAccountsYet ? createButton : null}
      />
      {noAccountsYet ? (
        <EmptyState
          icon={<KeyRound />}
          title="No service accounts yet"
          description={
            canManage
              ? "Create one for each job or integration: it gets a client id and secret to request short-lived access tokens."
              : "Admins create service accounts; you will see them here."
          }
          action={canManage ? createButton : null}
        />
      ) : (
        <ServiceAccountsTable
          orgSlug={slug}
          rows={list.rows}
          total={list.total}
          now={new Date().toISOString()}
          catalog={catalog.map((s) => ({ name: s.name, highRisk: s.highRisk }))}
        />
      )}
    </div>
  );
}
