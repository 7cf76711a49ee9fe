import { z } from "zod";
import { db, transaction } from "../db";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { emailSchema, roleSchema } from "../schemas/member";
import { parseInput } from "../validation";
import { createInvitation } from "./create-invitation";

const addMemberSchema = z.object({ email: emailSchema, role: roleSchema });

/**
 * Give a user a role in an organisation. A user who has no account yet gets
 * an invitation bound to their email instead, returned as a link.
 */
export async function addMember(actor: Actor, orgSlug: string, input: z.input<typeof addMemberSchema>) {
  const { email, role } = parseInput(addMemberSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "members:manage");
  const user = await db().user.findUnique({ where: { email } });
  if (!user) {
    const invitation = await createInvitation(actor, orgSlug, { role, email });
    return { status: "invited" as const, email, role, invitationUrl: invitation.url, expiresAt: invitation.expiresAt };
  }
  return transaction(async (tx) => {
    const existing = await tx.membership.findUnique({ where: { orgId_userId: { orgId: org.id, userId: user.id } } });
    if (existing) throw new AppError("conflict", `${email} is already a member (${existing.role})`);
    await tx.membership.create({ data: { orgId: org.id, userId: user.id, role } });
    await recordAuditEvent(tx, {
      orgId: org.id,
      action: "member.added",
      actor,
      target: { type: "user", id: user.id, label: email },
      metadata: { after: { role } },
    });
    return { status: "added" as const, email, role };
  });
}
