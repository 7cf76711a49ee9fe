import { z } from "zod";
import { reviewCadenceDaysSchema } from "./access-review";

/** The longest time-boxed grant. */
export const MAX_GRANT_SECONDS = 90 * 86_400;

/**
 * A time-boxed grant: how long the scopes a change adds are held, in
 * seconds, counted from when the grant is made (at approval, for a change
 * that waits for one). The lower bound is the deployment's
 * TESSERA_MIN_GRANT_SECONDS, checked by the domain (see grantEndFrom).
 */
export const grantForSecondsSchema = z.coerce
  .number({ message: "The grant duration must be a number of seconds" })
  .int("The grant duration must be whole seconds")
  .min(1, "The grant duration must be positive")
  .max(MAX_GRANT_SECONDS, "A time-boxed grant lasts at most 90 days")
  .nullable()
  .optional()
  .meta({ description: "Time-box the scopes this change adds: they are removed by themselves this many seconds after they are granted (after approval, when one is needed). Tokens carrying them never outlive them." });

export const CHANGE_REQUEST_STATUSES = ["pending", "approved", "rejected", "withdrawn", "expired"] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];

export const listChangeRequestsSchema = z.object({
  status: z.enum([...CHANGE_REQUEST_STATUSES, "all"]).default("all"),
  /** Only requests about this target (a client id, scope name or organisation id). */
  target: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(300).optional(),
});
export type ListChangeRequestsInput = z.input<typeof listChangeRequestsSchema>;

export const changeRequestRefSchema = z.object({
  id: z.string({ message: "The change request id must be text" }).min(1, "The change request id is missing").max(100, "The change request id is too long"),
});

export const rejectChangeRequestSchema = z.object({
  comment: z.string().trim().max(500, "At most 500 characters").optional(),
});
export type RejectChangeRequestInput = z.input<typeof rejectChangeRequestSchema>;

export const organizationSettingsSchema = z.object({
  requireApproval: z.boolean({ message: "requireApproval must be true or false" }).optional(),
  reviewCadenceDays: reviewCadenceDaysSchema.optional(),
});
export type OrganizationSettingsInput = z.input<typeof organizationSettingsSchema>;
