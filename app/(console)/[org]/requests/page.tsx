import type { Metadata } from "next";
import Link from "next/link";
import { Inbox } from "lucide-react";
import { requireMember } from "@/lib/page-auth";
import { listChangeRequests } from "@/lib/change-requests/list-change-requests";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatUtc } from "@/components/service-accounts/format";
import { RequestStatusBadge } from "./_components/request-status-badge";

export const metadata: Metadata = { title: "Change requests" };

const TABS = [
  { status: "pending", label: "Pending" },
  { status: "all", label: "All" },
] as const;

export default async function RequestsPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ status?: string; cursor?: string }> }) {
  const { org: slug } = await params;
  const query = await searchParams;
  const status = query.status === "all" ? "all" : "pending";
  const { actor } = await requireMember(slug, "service-accounts:read");
  const { items, nextCursor } = await listChangeRequests(actor, slug, { status, cursor: query.cursor, limit: 50 });
  return (
    <div className="space-y-6">
      <PageHeader
        title="Change requests"
        description="High-risk changes waiting for a second person: grants of high-risk scopes, API keys carrying them, reactivations, turning approval off."
      />
      <nav aria-label="Filter requests" className="flex gap-1">
        {TABS.map((t) => (
          <Button key={t.status} asChild size="sm" variant={status === t.status ? "default" : "outline"}>
            <Link href={`/${slug}/requests${t.status === "pending" ? "" : "?status=all"}`} aria-current={status === t.status ? "page" : undefined}>
              {t.label}
            </Link>
          </Button>
        ))}
      </nav>
      {items.length === 0 ? (
        <EmptyState icon={<Inbox className="size-6" />} title={status === "pending" ? "Nothing waits for approval" : "No change requests yet"} />
      ) : (
        <Card>
          <CardContent>
            <Table aria-label="Change requests">
              <TableHeader>
                <TableRow>
                  <TableHead>Change</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Requested by</TableHead>
                  <TableHead>Requested</TableHead>
                  <TableHead>Expires</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((r) => (
                  <TableRow key={r.id} data-testid={`request-${r.id}`}>
                    <TableCell className="whitespace-normal">
                      <Link href={`/${slug}/requests/${r.id}`} className="font-medium underline-offset-4 hover:underline">
                        {r.summary}
                      </Link>
                    </TableCell>
                    <TableCell>
                      <RequestStatusBadge status={r.status} />
                    </TableCell>
                    <TableCell>{r.requestedBy.label ?? r.requestedBy.type}</TableCell>
                    <TableCell className="font-mono text-xs">{formatUtc(r.requestedAt)}</TableCell>
                    <TableCell className="font-mono text-xs">{r.status === "pending" ? formatUtc(r.expiresAt) : "—"}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {nextCursor ? (
              <div className="mt-4 flex justify-end">
                <Button asChild variant="outline" size="sm">
                  <Link href={`/${slug}/requests?status=${status}&cursor=${encodeURIComponent(nextCursor)}`}>Older requests</Link>
                </Button>
              </div>
            ) : null}
          </CardContent>
        </Card>
      )}
    </div>
  );
}
