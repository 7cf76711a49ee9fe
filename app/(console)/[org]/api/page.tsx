import type { Metadata } from "next";
import { requireMember } from "@/lib/page-auth";
import { can } from "@/lib/permissions";
import { issuer } from "@/lib/env";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { RESERVED_SCOPES } from "@/lib/scopes/reserved-scopes";
import { API_SCOPE_CAPABILITIES } from "@/lib/permissions";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { AutomationAccountHelper } from "./_components/automation-account-helper";
import { OperationCard, type DocOperation } from "./_components/operation-card";

export const metadata: Metadata = { title: "Management API" };

/**
 * The API reference, rendered on the server from the same OpenAPI document
 * /api/v1/openapi.json serves: no viewer script, so it works offline and
 * under the console's strict CSP.
 */
export default async function ApiReferencePage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { principal } = await requireMember(slug);
  const base = issuer();
  const doc = buildOpenApiDocument(base);
  const schemas: Record<string, Record<string, unknown>> = {
    ...doc.components.schemas,
    ...Object.fromEntries(Object.entries(doc.components.responses).map(([k, v]) => [`response:${k}`, v])),
  };
  const byTag = doc.tags.map(({ name }) => ({
    name,
    operations: Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods as Record<string, Omit<DocOperation, "method" | "path"> & { tags: string[] }>)
        .filter(([, op]) => op.tags.includes(name))
        .map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
    ),
  }));
  const apiScopes = RESERVED_SCOPES.filter((s) => s.name in API_SCOPE_CAPABILITIES);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Management API"
        description="Provision service accounts, credentials and scopes from pipelines, and read the audit trail."
        actions={
          <a href="/api/v1/openapi.json" className="text-sm underline underline-offset-4" download="tessera-openapi.json">
            OpenAPI 3.1 document
          </a>
        }
      />
      <Card>
        <CardHeader>
          <CardTitle>Authenticate</CardTitle>
          <CardDescription>
            Get an access token at <code className="font-mono">{base}/oauth/token</code> with <code className="font-mono">audience={base}/api</code>,
            then send <code className="font-mono">Authorization: Bearer …</code>. An API key (<code className="font-mono">tak_…</code>) of an account that
            lists that audience works too. The organisation is always the credential&apos;s own; its tessera:* scopes decide what is allowed.
          </CardDescription>
        </CardHeader>
      </Card>
      {can(principal, "service-accounts:write") ? (
        <Card>
          <CardHeader>
            <CardTitle>Create an automation account</CardTitle>
            <CardDescription>A service account for a CI job or infrastructure code to call this API.</CardDescription>
          </CardHeader>
          <CardContent>
            <AutomationAccountHelper orgSlug={slug} issuer={base} scopes={apiScopes.map((s) => ({ name: s.name, description: s.description }))} />
          </CardContent>
        </Card>
      ) : null}
      {byTag.map((tag) => (
        <section key={tag.name} aria-label={tag.name} className="space-y-3">
          <h2 className="text-lg font-semibold">{tag.name}</h2>
          {tag.operations.map((op) => (
            <OperationCard key={op.operationId} op={op} schemas={schemas} />
          ))}
        </section>
      ))}
    </div>
  );
}
