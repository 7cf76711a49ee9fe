import { z } from "zod";
import { idSchema } from "./references";

export const REVIEW_CADENCE_DEFAULT_DAYS = 90;
export const REVIEW_CADENCE_MIN_DAYS = 7;
export const REVIEW_CADENCE_MAX_DAYS = 730;

export const REVIEW_DECISIONS = ["keep", "remove"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const accessReviewRefSchema = z.object({ reviewId: idSchema });

export const decideAccessReviewSchema = z.object({
  itemId: idSchema,
  decision: z.enum(REVIEW_DECISIONS, { message: "Decide keep or remove" }),
});
export type DecideAccessReviewInput = z.input<typeof decideAccessReviewSchema>;

/** Days between access reviews; also an organisation setting (organizationSettingsSchema). */
export const reviewCadenceDaysSchema = z.coerce
  .number({ message: "Enter a number of days" })
  .int("Enter whole days")
  .min(REVIEW_CADENCE_MIN_DAYS, `At least ${REVIEW_CADENCE_MIN_DAYS} days`)
  .max(REVIEW_CADENCE_MAX_DAYS, `At most ${REVIEW_CADENCE_MAX_DAYS} days`);

export const reviewCadenceSchema = z.object({ days: reviewCadenceDaysSchema });
export type ReviewCadenceInput = z.input<typeof reviewCadenceSchema>;

export const listAccessReviewsSchema = z.object({
  status: z.enum(["open", "closed"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
