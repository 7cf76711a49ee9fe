import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";

/** An organisation's settings, for any member (and the operator). */
export async function getOrganizationSettings(actor: Actor, orgSlug: string) {
  const { org } = await authorizeOrg(actor, orgSlug, "org:read");
  return { requireApproval: org.requireApproval };
}
