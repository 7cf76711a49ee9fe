import { db } from "../db";
import { at } from "../clock";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { loadReviewSchedule } from "./review-schedule";

/** The cadence, when the next review is due, whether it is overdue, and the open campaign if any. */
export async function getAccessReviewStatus(actor: Actor, orgSlug: string, now?: Date) {
  const { org } = await authorizeOrg(actor, orgSlug, "access-reviews:read");
  return loadReviewSchedule(db(), org, at(now));
}
export type AccessReviewStatus = Awaited<ReturnType<typeof getAccessReviewStatus>>;
