import { transaction } from "../db";
import { at } from "../clock";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { parseInput } from "../validation";
import { organizationSettingsSchema, type OrganizationSettingsInput } from "../schemas/change-request";
import { openChangeRequest } from "../change-requests/open-change-request";
import { settingsVersion } from "../change-requests/target-version";

/**
 * Change an organisation's settings (owners only: `members:manage`).
 * Turning four-eyes approval on takes effect at once; turning it off while
 * it is on is itself a change request, so no single person can switch the
 * control off and then grant alone. Other settings (the review cadence)
 * join here with the same `organization.settings_changed` event.
 */
export async function updateOrganizationSettings(actor: Actor, orgSlug: string, input: OrganizationSettingsInput, now?: Date) {
  const data = parseInput(organizationSettingsSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "members:manage");
  const when = at(now);
  return transaction(async (tx) => {
    const current = await tx.organization.findUniqueOrThrow({ where: { id: org.id } });
    const before = { requireApproval: current.requireApproval };
    if (data.requireApproval === undefined || data.requireApproval === current.requireApproval) return { settings: before, changed: false as const };
    if (current.requireApproval && !data.requireApproval) {
      const changeRequest = await openChangeRequest(tx, {
        orgId: org.id,
        actor,
        kind: "disable_approval",
        target: { type: "organization", id: org.id, label: org.slug },
        payload: { summary: "Turn off four-eyes approval", changes: [{ field: "requireApproval", label: "Four-eyes approval", before: "on", after: "off" }] },
        baseVersion: settingsVersion(current),
        now: when,
      });
      return { settings: before, changed: false as const, changeRequest };
    }
    await tx.organization.update({ where: { id: org.id }, data: { requireApproval: data.requireApproval } });
    await recordAuditEvent(tx, {
      orgId: org.id,
      occurredAt: when,
      action: "organization.settings_changed",
      actor,
      target: { type: "organization", id: org.id, label: org.slug },
      metadata: { before, after: { requireApproval: data.requireApproval } },
    });
    return { settings: { requireApproval: data.requireApproval }, changed: true as const };
  });
}
