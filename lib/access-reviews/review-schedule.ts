import type { Tx } from "../db";
import type { Client } from "../service-accounts/lookup";

const DAY_MS = 86_400_000;

export interface ReviewSchedule {
  cadenceDays: number;
  /** When the newest campaign closed; null before the first one. */
  lastClosedAt: Date | null;
  /** When the next campaign should have closed by. */
  dueAt: Date;
  overdue: boolean;
  openReview: { id: string; startedAt: Date } | null;
}

/**
 * When an organisation's next access review is due: one cadence after the
 * last campaign closed, or after the organisation was created before its
 * first. A campaign that is open but not closed does not satisfy the
 * cadence: the review is done when its removals are applied.
 */
export async function loadReviewSchedule(
  client: Client | Tx,
  org: { id: string; createdAt: Date; reviewCadenceDays: number },
  now: Date,
): Promise<ReviewSchedule> {
  // One after the other: the client may be a transaction (one connection).
  const lastClosed = await client.accessReview.findFirst({ where: { orgId: org.id, status: "closed" }, orderBy: { closedAt: "desc" }, select: { closedAt: true } });
  const open = await client.accessReview.findFirst({ where: { orgId: org.id, status: "open" }, select: { id: true, startedAt: true } });
  const lastClosedAt = lastClosed?.closedAt ?? null;
  const dueAt = new Date((lastClosedAt ?? org.createdAt).getTime() + org.reviewCadenceDays * DAY_MS);
  return { cadenceDays: org.reviewCadenceDays, lastClosedAt, dueAt, overdue: now >= dueAt, openReview: open };
}
