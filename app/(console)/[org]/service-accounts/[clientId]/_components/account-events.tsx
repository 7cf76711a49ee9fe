import { Activity } from "lucide-react";
import type { ServiceAccountDetail } from "@/lib/service-accounts/get-service-account";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/empty-state";
import { TimeAgo } from "@/components/service-accounts/time-ago";

function prettyMetadata(metadata: string | null): string | null {
  if (!metadata) return null;
  try {
    return JSON.stringify(JSON.parse(metadata), null, 2);
  } catch {
    return metadata;
  }
}

export function AccountEvents({ events, now }: { events: ServiceAccountDetail["events"]; now: string }) {
  if (events.length === 0) return <EmptyState icon={<Activity />} title="No activity yet" />;
  return (
    <ol className="divide-y" aria-label="Recent activity">
      {events.map((e) => {
        const details = prettyMetadata(e.metadata);
        return (
          <li key={e.id} className="py-2 text-sm">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <code className="font-mono text-xs">{e.action}</code>
              {e.outcome !== "success" ? <Badge variant="destructive">{e.outcome}</Badge> : null}
              <span className="text-muted-foreground">by {e.actorLabel ?? e.actorType}</span>
              <span className="ml-auto text-xs text-muted-foreground">
                <TimeAgo iso={e.occurredAt} now={now} /> · #{e.seq}
              </span>
            </div>
            {details ? (
              <details className="mt-1">
                <summary className="cursor-pointer text-xs text-muted-foreground">Details</summary>
                <pre className="mt-1 overflow-x-auto rounded-md bg-muted p-2 font-mono text-xs">{details}</pre>
              </details>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
