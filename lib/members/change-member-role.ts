import { z } from "zod";
import { transaction } from "../db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { changeMemberRoleSchema } from "../schemas/member";
import { parseInput } from "../validation";
import { assertAnotherOwnerRemains, findMembershipToChange } from "./owner-guard";

export async function changeMemberRole(actor: Actor, orgSlug: string, input: z.input<typeof changeMemberRoleSchema>) {
  const { membershipId, role } = parseInput(changeMemberRoleSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "members:manage");
  return transaction(async (tx) => {
    const membership = await findMembershipToChange(tx, org.id, membershipId);
    if (membership.role === role) return membership;
    if (membership.role === "OWNER") await assertAnotherOwnerRemains(tx, org.id, membership.id);
    const updated = await tx.membership.update({ where: { id: membership.id }, data: { role } });
    await recordAuditEvent(tx, {
      orgId: org.id,
      action: "member.role_changed",
      actor,
      target: { type: "user", id: membership.userId, label: membership.user.email },
      metadata: { before: { role: membership.role }, after: { role } },
    });
    return updated;
  });
}
