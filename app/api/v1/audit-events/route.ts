import { apiRoute } from "@/lib/api/api-route";
import { listAuditEventsOp } from "@/lib/api/operations/scopes-audit";
import { page } from "@/lib/api/present";
import { streamLines } from "@/lib/stream-lines";
import { exportAuditEvents } from "@/lib/audit/export-audit-events";
import { listAuditEvents } from "@/lib/audit/list-audit-events";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listAuditEventsOp, async ({ actor, orgSlug, query, request }) => {
  if (request.headers.get("accept")?.includes("application/x-ndjson")) {
    const { cursor: _cursor, limit: _limit, ...filters } = query;
    const { lines, contentType } = await exportAuditEvents(actor, orgSlug, { ...filters, format: "jsonl" });
    return streamLines({ lines, contentType });
  }
  const result = await listAuditEvents(actor, orgSlug, query);
  return { body: page(result.events, result.nextCursor) };
});
