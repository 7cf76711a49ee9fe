import { transaction, type Tx } from "../db";
import { AppError } from "../errors";
import { at } from "../clock";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { invitationTokenSchema } from "../schemas/references";
import { parseInput } from "../validation";
import { invitationTokenHash } from "./invitation-token";

/**
 * Join an organisation through an invitation link. The link works once: the
 * conditional update that marks it used is what decides a race between two
 * clicks, not the read before it.
 */
export async function acceptInvitation(actor: UserActor, userEmail: string, input: string, now?: Date) {
  const { token } = parseInput(invitationTokenSchema, { token: input });
  return transaction((tx) => acceptInvitationInTx(tx, actor, userEmail, token, now));
}

type UserActor = Actor & { type: "user"; id: string };

export async function acceptInvitationInTx(tx: Tx, actor: UserActor, userEmail: string, token: string, now?: Date) {
  const when = at(now);
  const invitation = await tx.invitation.findUnique({
    where: { tokenHash: invitationTokenHash(token) },
    include: { org: true },
  });
  if (!invitation || invitation.revokedAt) throw new AppError("not_found", "This invitation link is not valid");
  if (invitation.acceptedAt) throw new AppError("conflict", "This invitation link has already been used");
  if (invitation.expiresAt <= when) throw new AppError("bad_request", "This invitation link has expired; ask for a new one");
  if (invitation.email && invitation.email !== userEmail.toLowerCase()) {
    throw new AppError("forbidden", `This invitation is for ${invitation.email}`);
  }
  const existing = await tx.membership.findUnique({
    where: { orgId_userId: { orgId: invitation.orgId, userId: actor.id } },
  });
  if (existing) throw new AppError("conflict", `You are already a member of ${invitation.org.name}`);

  const claimed = await tx.invitation.updateMany({
    where: { id: invitation.id, acceptedAt: null, revokedAt: null },
    data: { acceptedAt: when, acceptedById: actor.id },
  });
  if (claimed.count !== 1) throw new AppError("conflict", "This invitation link has already been used");
  const membership = await tx.membership.create({
    data: { orgId: invitation.orgId, userId: actor.id, role: invitation.role },
  });
  await recordAuditEvent(tx, {
    orgId: invitation.orgId,
    occurredAt: when,
    action: "member.joined",
    actor,
    target: { type: "user", id: actor.id, label: userEmail },
    metadata: { role: invitation.role, invitationId: invitation.id },
  });
  return { org: invitation.org, membership };
}
