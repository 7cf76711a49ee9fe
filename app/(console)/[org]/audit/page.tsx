import type { Metadata } from "next";
import { isAppError } from "@/lib/errors";
import { requireMember } from "@/lib/page-auth";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { getAuditEvent } from "@/lib/audit/get-audit-event";
import { PageHeader } from "@/components/page-header";
import { parseAuditQuery } from "./search-params";
import { AuditTable } from "./_components/audit-table";
import { AuditEventDialog } from "./_components/audit-event-dialog";
import { AuditActions } from "./_components/audit-actions";

export const metadata: Metadata = { title: "Audit trail" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function AuditPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<SearchParams> }) {
  const { org: slug } = await params;
  const { actor } = await requireMember(slug);
  const now = new Date();
  const { filters, cursor, eventId, exportParams } = parseAuditQuery(await searchParams, now);
  const page = await listAuditEvents(actor, slug, { ...filters, cursor }).catch((e: unknown) => {
    // A stale or hand-edited cursor falls back to the first page.
    if (cursor && isAppError(e) && e.code === "validation_failed") return listAuditEvents(actor, slug, filters);
    throw e;
  });
  // An event linked from elsewhere (the org home) may be far from this page: fetch it by id.
  const selected = eventId ? (page.events.find((e) => e.id === eventId) ?? (await getAuditEvent(actor, slug, eventId))) : null;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit trail"
        description="Every change, sign-in and token decision in this organisation, newest first. Each event is chained to the previous one by its hash."
        actions={<AuditActions orgSlug={slug} exportQuery={exportParams.toString()} />}
      />
      <AuditTable events={page.events} nextCursor={page.nextCursor} now={now.toISOString()} />
      {eventId ? <AuditEventDialog orgSlug={slug} event={selected} /> : null}
    </div>
  );
}
