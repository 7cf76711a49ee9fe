"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { AuditEventView } from "@/lib/audit/list-audit-events";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { AuditMetadata } from "@/components/audit/audit-metadata";
import { OutcomeBadge } from "@/components/audit/outcome-badge";
import { formatUtc } from "@/components/service-accounts/format";

function Party({ orgSlug, type, id, label }: { orgSlug: string; type: string | null; id: string | null; label: string | null }) {
  if (!type) return <>—</>;
  const text = `${label ?? id ?? "—"} (${type})`;
  if (type === "service_account" && id) {
    return (
      <Link href={`/${orgSlug}/service-accounts/${id}`} className="underline underline-offset-4">
        {text}
      </Link>
    );
  }
  return <>{text}</>;
}

/** The event named by `?event=` in the URL, so an open event is a shareable link; closing removes it. */
export function AuditEventDialog({ orgSlug, event }: { orgSlug: string; event: AuditEventView | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const close = () => {
    const next = new URLSearchParams(searchParams.toString());
    next.delete("event");
    const q = next.toString();
    router.push(q ? `${pathname}?${q}` : pathname, { scroll: false });
  };
  const rows: [string, React.ReactNode][] = event
    ? [
        ["Sequence", event.seq],
        ["Occurred", formatUtc(event.occurredAt)],
        ["Actor", <Party key="a" orgSlug={orgSlug} type={event.actorType} id={event.actorId} label={event.actorLabel} />],
        ["Actor ID", event.actorId ?? "—"],
        ["Action", <code key="c">{event.action}</code>],
        ["Target", <Party key="t" orgSlug={orgSlug} type={event.targetType} id={event.targetId} label={event.targetLabel} />],
        ["Target ID", event.targetId ?? "—"],
        ["Outcome", <OutcomeBadge key="o" outcome={event.outcome} />],
        ["Reason", event.reason ?? "—"],
        ["Client IP", event.clientIp ?? "—"],
        ["User agent", event.userAgent ?? "—"],
        ["Request ID", event.requestId ?? "—"],
        ["Event ID", event.id],
        ["Hash", event.hash],
        ["Previous hash", event.prevHash ?? "— (first event)"],
      ]
    : [];
  return (
    <Dialog open onOpenChange={(open) => !open && close()}>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{event ? `Event #${event.seq}` : "Event not found"}</DialogTitle>
          <DialogDescription>
            {event ? <code>{event.action}</code> : "There is no event with this id in this organisation's audit trail."}
          </DialogDescription>
        </DialogHeader>
        {event ? (
          <>
            <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1 text-sm">
              {rows.map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-muted-foreground">{k}</dt>
                  <dd className="break-all">{v}</dd>
                </div>
              ))}
            </dl>
            <section aria-label="Event metadata" className="space-y-2">
              <h3 className="text-sm font-medium">Metadata</h3>
              <AuditMetadata metadata={event.metadata} />
            </section>
          </>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
