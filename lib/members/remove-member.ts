import { transaction } from "../db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { membershipRefSchema } from "../schemas/references";
import { parseInput } from "../validation";
import { assertAnotherOwnerRemains, findMembershipToChange } from "./owner-guard";

/**
 * Remove a member. Their console sessions stay valid for their other
 * organisations, but every request into this one is refused from the next
 * request on, because membership is checked on every request.
 */
export async function removeMember(actor: Actor, orgSlug: string, membershipId: string) {
  const ref = parseInput(membershipRefSchema, { membershipId });
  const { org } = await authorizeOrg(actor, orgSlug, "members:manage");
  await transaction(async (tx) => {
    const membership = await findMembershipToChange(tx, org.id, ref.membershipId);
    if (membership.role === "OWNER") await assertAnotherOwnerRemains(tx, org.id, membership.id);
    await tx.membership.delete({ where: { id: membership.id } });
    await recordAuditEvent(tx, {
      orgId: org.id,
      action: "member.removed",
      actor,
      target: { type: "user", id: membership.userId, label: membership.user.email },
      metadata: { before: { role: membership.role } },
    });
  });
}
