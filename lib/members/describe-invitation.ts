import { db } from "../db";
import { at } from "../clock";
import { invitationTokenSchema } from "../schemas/references";
import { invitationTokenHash } from "./invitation-token";

export type InvitationStatus = "valid" | "expired" | "used" | "revoked";

/** What the invitation page may show about a link, before anyone signs in. */
export async function describeInvitation(token: string, now?: Date) {
  if (!invitationTokenSchema.safeParse({ token }).success) return null;
  const invitation = await db().invitation.findUnique({
    where: { tokenHash: invitationTokenHash(token) },
    include: { org: { select: { slug: true, name: true } } },
  });
  if (!invitation) return null;
  const status: InvitationStatus = invitation.revokedAt
    ? "revoked"
    : invitation.acceptedAt
      ? "used"
      : invitation.expiresAt <= at(now)
        ? "expired"
        : "valid";
  return { status, role: invitation.role, email: invitation.email, org: invitation.org, expiresAt: invitation.expiresAt };
}
