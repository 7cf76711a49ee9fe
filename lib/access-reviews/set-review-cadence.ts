import { transaction } from "../db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { parseInput } from "../validation";
import { reviewCadenceSchema, type ReviewCadenceInput } from "../schemas/access-review";

/**
 * How many days may pass between access reviews. Recorded as
 * `organization.settings_changed` with the settings' before and after, the
 * event every organisation setting shares.
 */
export async function setReviewCadence(actor: Actor, orgSlug: string, input: ReviewCadenceInput) {
  const { days } = parseInput(reviewCadenceSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "access-reviews:manage");
  if (org.reviewCadenceDays === days) return { reviewCadenceDays: days, changed: false };
  return transaction(async (tx) => {
    await tx.organization.update({ where: { id: org.id }, data: { reviewCadenceDays: days } });
    await recordAuditEvent(tx, {
      orgId: org.id,
      action: "organization.settings_changed",
      actor,
      target: { type: "organization", id: org.id, label: org.slug },
      metadata: { before: { reviewCadenceDays: org.reviewCadenceDays }, after: { reviewCadenceDays: days } },
    });
    return { reviewCadenceDays: days, changed: true };
  });
}
