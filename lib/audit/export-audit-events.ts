import { z } from "zod";
import { db, transaction } from "../db";
import type { Actor } from "./types";
import { authorizeOrg } from "../authz";
import { parseInput } from "../validation";
import { auditFiltersSchema, auditWhere } from "./list-audit-events";
import { recordAuditEvent } from "./record-audit-event";

export const exportAuditEventsSchema = auditFiltersSchema.extend({ format: z.enum(["csv", "jsonl"]).default("csv") });

const COLUMNS = [
  "seq", "occurredAt", "actorType", "actorId", "actorLabel", "action", "targetType", "targetId", "targetLabel",
  "outcome", "reason", "clientIp", "userAgent", "requestId", "metadata", "prevHash", "hash",
] as const;
const BATCH = 2_000;

/** RFC 4180 field; a leading =, +, - or @ is prefixed so spreadsheets never run it as a formula. */
export function csvField(value: unknown): string {
  let s = value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Stream an organisation's audit trail under the given filters as CSV or
 * JSON Lines, oldest first, reading keyset batches by sequence number so that
 * memory stays flat at any size. The export is itself an audit event,
 * committed before the first line is produced.
 */
export async function exportAuditEvents(actor: Actor, orgSlug: string, query: z.input<typeof exportAuditEventsSchema>) {
  const { format, ...filters } = parseInput(exportAuditEventsSchema, query);
  const { org } = await authorizeOrg(actor, orgSlug, "audit:read");
  await transaction((tx) =>
    recordAuditEvent(tx, {
      orgId: org.id,
      action: "audit.exported",
      actor,
      target: { type: "organization", id: org.id, label: org.slug },
      metadata: { format, filters: JSON.parse(JSON.stringify(filters)) as Record<string, unknown> },
    }),
  );
  const where = auditWhere(org.id, filters);

  async function* lines(): AsyncGenerator<string> {
    if (format === "csv") yield `${COLUMNS.join(",")}\r\n`;
    let afterSeq = 0;
    for (;;) {
      const rows = await db().auditEvent.findMany({
        where: { AND: [where, { chainKey: org.id, seq: { gt: afterSeq } }] },
        orderBy: { seq: "asc" },
        take: BATCH,
      });
      let chunk = "";
      for (const row of rows) {
        chunk +=
          format === "csv"
            ? `${COLUMNS.map((c) => csvField(row[c])).join(",")}\r\n`
            : `${JSON.stringify({ ...Object.fromEntries(COLUMNS.map((c) => [c, row[c]])), metadata: row.metadata ? JSON.parse(row.metadata) : null })}\n`;
      }
      if (chunk) yield chunk;
      if (rows.length < BATCH) return;
      afterSeq = rows.at(-1)!.seq;
    }
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return {
    lines,
    filename: `tessera-audit-${org.slug}-${stamp}.${format === "csv" ? "csv" : "jsonl"}`,
    contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
  };
}
