import { db, Prisma } from "../db";

/** The canonical-JSON marker of an aggregated event (see repeated-failures.ts). */
export const AGGREGATED_MARKER = '"aggregated":true';

/**
 * How many occurrences the events matching `where` stand for: one per event,
 * except an aggregated event, which stands for its `metadata.count`. Every
 * view that counts events counts through here.
 */
export async function countOccurrences(where: Prisma.AuditEventWhereInput): Promise<number> {
  const [rows, aggregated] = await Promise.all([
    db().auditEvent.count({ where }),
    db().auditEvent.findMany({ where: { AND: [where, { metadata: { contains: AGGREGATED_MARKER } }] }, select: { metadata: true } }),
  ]);
  return rows - aggregated.length + aggregated.reduce((sum, e) => sum + occurrencesOf(e.metadata), 0);
}

/** Occurrences one event stands for, from its stored metadata. */
export function occurrencesOf(metadata: string | null): number {
  if (!metadata?.includes(AGGREGATED_MARKER)) return 1;
  const count = (JSON.parse(metadata) as { count?: unknown }).count;
  return typeof count === "number" && count > 0 ? count : 1;
}
