import { transaction } from "../db";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { invitationRefSchema } from "../schemas/references";
import { parseInput } from "../validation";

export async function revokeInvitation(actor: Actor, orgSlug: string, input: string) {
  const { invitationId } = parseInput(invitationRefSchema, { invitationId: input });
  const { org } = await authorizeOrg(actor, orgSlug, "members:manage");
  await transaction(async (tx) => {
    // Scoped to the org: another org's invitation id behaves as unknown.
    const { count } = await tx.invitation.updateMany({
      where: { id: invitationId, orgId: org.id, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw new AppError("not_found", "Invitation not found or already used");
    await recordAuditEvent(tx, {
      orgId: org.id,
      action: "member.invitation_revoked",
      actor,
      target: { type: "invitation", id: invitationId },
    });
  });
}
