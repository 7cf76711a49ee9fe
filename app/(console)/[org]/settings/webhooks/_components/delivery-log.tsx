import type { WebhookDeliveryView } from "@/lib/webhooks/list-webhook-deliveries";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatUtc } from "@/components/service-accounts/format";

const VARIANT = { succeeded: "success", failed: "destructive", pending: "secondary" } as const;

/** An endpoint's newest deliveries with every attempt's response code (or our reason it failed). */
export function DeliveryLog({ deliveries, label }: { deliveries: WebhookDeliveryView[]; label: string }) {
  if (deliveries.length === 0) return <p className="text-sm text-muted-foreground">No delivery yet.</p>;
  return (
    <Table aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHead>Created</TableHead>
          <TableHead>Event</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Attempts (response codes)</TableHead>
          <TableHead>Next attempt</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {deliveries.map((d) => (
          <TableRow key={d.id} data-testid={`delivery-${d.messageId}`}>
            <TableCell className="whitespace-nowrap">{formatUtc(d.createdAt)}</TableCell>
            <TableCell>
              <code className="font-mono text-xs">{d.type}</code>
              <p className="font-mono text-xs text-muted-foreground">{d.messageId}</p>
            </TableCell>
            <TableCell>
              <Badge variant={VARIANT[d.status]}>{d.status}</Badge>
            </TableCell>
            <TableCell>
              {d.attemptLog.length === 0 ? (
                <span className="text-muted-foreground">none yet</span>
              ) : (
                <ol className="space-y-0.5 text-xs">
                  {d.attemptLog.map((a, i) => (
                    <li key={i}>
                      <span className="tabular-nums">{a.statusCode ?? "—"}</span>
                      {a.error ? <span className="text-muted-foreground"> {a.error}</span> : null}
                      <span className="text-muted-foreground"> · {formatUtc(a.attemptedAt)}</span>
                    </li>
                  ))}
                </ol>
              )}
            </TableCell>
            <TableCell className="whitespace-nowrap">{d.nextAttemptAt ? formatUtc(d.nextAttemptAt) : "—"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
