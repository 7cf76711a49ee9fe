import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import type { OrganizationSettings } from "./update-organization-settings";

/** An organisation's settings, for any member (and the operator). */
export async function getOrganizationSettings(actor: Actor, orgSlug: string): Promise<OrganizationSettings> {
  const { org } = await authorizeOrg(actor, orgSlug, "org:read");
  return { requireApproval: org.requireApproval, reviewCadenceDays: org.reviewCadenceDays };
}
