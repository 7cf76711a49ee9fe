import type { Metadata } from "next";
import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { requireMember } from "@/lib/page-auth";
import { listScopes } from "@/lib/scopes/list-scopes";
import { publicUrl } from "@/lib/env";
import { getOrganizationSettings } from "@/lib/orgs/get-organization-settings";
import { PageHeader } from "@/components/page-header";
import { CreateServiceAccountForm } from "./_components/create-service-account-form";

export const metadata: Metadata = { title: "Create service account" };

export default async function NewServiceAccountPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor } = await requireMember(slug, "service-accounts:write"); // reviewers get the 404 page
  const [catalog, { requireApproval }] = await Promise.all([listScopes(actor, slug), getOrganizationSettings(actor, slug)]);
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <Link href={`/${slug}/service-accounts`} className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden /> Service accounts
      </Link>
      <PageHeader
        title="Create service account"
        description="It gets a client ID and a client secret to request access tokens. The secret is shown once, right after creation."
      />
      <CreateServiceAccountForm
        orgSlug={slug}
        tokenUrl={`${publicUrl()}/oauth/token`}
        catalog={catalog.map((s) => ({ name: s.name, description: s.description, highRisk: s.highRisk }))}
        approvalRequired={requireApproval}
      />
    </div>
  );
}
