import { db } from "../db";
import { loadReviewSchedule } from "../access-reviews/review-schedule";
import type { MessageCandidate } from "./enqueue-webhook-messages";

/**
 * `access_review.due` once per due date: when the review is overdue. The
 * due date only moves when a campaign closes, so the key stays the same
 * until then (once the message leaves the delivery log after its retention
 * period, an organisation still overdue is told again).
 */
export async function reviewDueMessages(org: { id: string; createdAt: Date; reviewCadenceDays: number }, now: Date): Promise<MessageCandidate[]> {
  const schedule = await loadReviewSchedule(db(), org, now);
  if (!schedule.overdue) return [];
  return [
    {
      type: "access_review.due",
      dedupeKey: `access_review.due:${schedule.dueAt.toISOString()}`,
      data: {
        dueAt: schedule.dueAt.toISOString(),
        cadenceDays: schedule.cadenceDays,
        lastClosedAt: schedule.lastClosedAt?.toISOString() ?? null,
        openReviewId: schedule.openReview?.id ?? null,
      },
    },
  ];
}
