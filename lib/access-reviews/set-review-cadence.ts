import type { Actor } from "../audit/types";
import { parseInput } from "../validation";
import { reviewCadenceSchema, type ReviewCadenceInput } from "../schemas/access-review";
import { updateOrganizationSettings } from "../orgs/update-organization-settings";

/**
 * How many days may pass between access reviews. The cadence is an
 * organisation setting, so it changes through updateOrganizationSettings
 * (authorised there with `access-reviews:manage`, recorded as the shared
 * `organization.settings_changed`); this keeps the reviews page's own input
 * shape and its `days` field errors.
 */
export async function setReviewCadence(actor: Actor, orgSlug: string, input: ReviewCadenceInput) {
  const { days } = parseInput(reviewCadenceSchema, input);
  const { settings, changed } = await updateOrganizationSettings(actor, orgSlug, { reviewCadenceDays: days });
  return { reviewCadenceDays: settings.reviewCadenceDays, changed };
}
