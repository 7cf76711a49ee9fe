import type { Metadata } from "next";
import { requireMember } from "@/lib/page-auth";
import { can } from "@/lib/permissions";
import { listScopes } from "@/lib/scopes/list-scopes";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ScopesTable } from "./_components/scopes-table";
import { CreateScopeDialog } from "./_components/create-scope-dialog";

export const metadata: Metadata = { title: "Scopes" };

export default async function ScopesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { actor, principal } = await requireMember(slug);
  const scopes = await listScopes(actor, slug);
  const canManage = can(principal, "scopes:write");
  return (
    <div className="space-y-6">
      <PageHeader
        title="Scopes"
        description="The permissions service accounts can hold, named like billing:read or billing.read (any OAuth scope-token). Access tokens carry them in their scope claim."
        actions={canManage ? <CreateScopeDialog orgSlug={slug} /> : null}
      />
      <Card>
        <CardHeader>
          <CardTitle>Scope catalog</CardTitle>
          <CardDescription>
            High-risk scopes need an explicit confirmation when granted. Reserved tessera:* scopes call Tessera itself and
            cannot be changed.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ScopesTable orgSlug={slug} canManage={canManage} scopes={scopes} />
        </CardContent>
      </Card>
    </div>
  );
}
