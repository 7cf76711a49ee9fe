import { transaction } from "../db";
import { at } from "../clock";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import type { Capability } from "../permissions";
import { parseInput } from "../validation";
import { organizationSettingsSchema, type OrganizationSettingsInput } from "../schemas/change-request";
import { openChangeRequest } from "../change-requests/open-change-request";
import { settingsVersion } from "../change-requests/target-version";

export interface OrganizationSettings {
  requireApproval: boolean;
  reviewCadenceDays: number;
}

/**
 * Change an organisation's settings: the one place they change, whichever
 * adapter asks (console, CLI `orgs settings`, setReviewCadence), with one
 * `organization.settings_changed` event whose before/after hold only the
 * settings that changed.
 *
 * Each setting keeps its own guard: four-eyes approval is the owners'
 * (`members:manage`), the review cadence belongs to whoever runs reviews
 * (`access-reviews:manage`). Turning approval on takes effect at once;
 * turning it off while it is on is itself a change request, so no single
 * person can switch the control off and then grant alone. A cadence given
 * in the same call still applies at once.
 */
export async function updateOrganizationSettings(actor: Actor, orgSlug: string, input: OrganizationSettingsInput, now?: Date) {
  const data = parseInput(organizationSettingsSchema, input);
  // Nothing to change still answers only to those who may change something.
  const needed: Capability[] = [];
  if (data.requireApproval !== undefined || data.reviewCadenceDays === undefined) needed.push("members:manage");
  if (data.reviewCadenceDays !== undefined) needed.push("access-reviews:manage");
  const contexts = [];
  for (const capability of needed) contexts.push(await authorizeOrg(actor, orgSlug, capability));
  const { id: orgId, slug } = contexts[0]!.org;
  const when = at(now);
  return transaction(async (tx) => {
    const current = await tx.organization.findUniqueOrThrow({ where: { id: orgId } });
    const settings: OrganizationSettings = { requireApproval: current.requireApproval, reviewCadenceDays: current.reviewCadenceDays };
    const before: Partial<OrganizationSettings> = {};
    const after: Partial<OrganizationSettings> = {};

    let changeRequest: Awaited<ReturnType<typeof openChangeRequest>> | undefined;
    if (data.requireApproval !== undefined && data.requireApproval !== current.requireApproval) {
      if (current.requireApproval) {
        changeRequest = await openChangeRequest(tx, {
          orgId,
          actor,
          kind: "disable_approval",
          target: { type: "organization", id: orgId, label: slug },
          payload: { summary: "Turn off four-eyes approval", changes: [{ field: "requireApproval", label: "Four-eyes approval", before: "on", after: "off" }] },
          baseVersion: settingsVersion(current),
          now: when,
        });
      } else {
        before.requireApproval = current.requireApproval;
        after.requireApproval = data.requireApproval;
      }
    }
    if (data.reviewCadenceDays !== undefined && data.reviewCadenceDays !== current.reviewCadenceDays) {
      before.reviewCadenceDays = current.reviewCadenceDays;
      after.reviewCadenceDays = data.reviewCadenceDays;
    }

    const changed = Object.keys(after).length > 0;
    if (changed) {
      await tx.organization.update({ where: { id: orgId }, data: after });
      await recordAuditEvent(tx, {
        orgId,
        occurredAt: when,
        action: "organization.settings_changed",
        actor,
        target: { type: "organization", id: orgId, label: slug },
        metadata: { before, after },
      });
    }
    return { settings: { ...settings, ...after }, changed, ...(changeRequest ? { changeRequest } : {}) };
  });
}
