import { z } from "zod";
import { transaction } from "../db";
import { env } from "../env";
import { at } from "../clock";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { createInvitationSchema } from "../schemas/member";
import { parseInput } from "../validation";
import { invitationUrl, newInvitationToken } from "./invitation-token";

/**
 * Invite someone with a one-time, expiring link. The owner copies the link
 * (no mail server needed); it is returned here and never again.
 */
export async function createInvitation(
  actor: Actor,
  orgSlug: string,
  input: z.input<typeof createInvitationSchema>,
  now?: Date,
) {
  const { role, email, ttlHours } = parseInput(createInvitationSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "members:manage");
  const createdAt = at(now);
  const expiresAt = new Date(createdAt.getTime() + (ttlHours ?? env().TESSERA_INVITE_TTL_HOURS) * 3_600_000);
  const { token, tokenHash } = newInvitationToken();
  const invitation = await transaction(async (tx) => {
    const created = await tx.invitation.create({
      data: { orgId: org.id, role, email: email ?? null, tokenHash, createdById: actor.id ?? "cli", createdAt, expiresAt },
    });
    await recordAuditEvent(tx, {
      orgId: org.id,
      occurredAt: createdAt,
      action: "member.invited",
      actor,
      target: { type: "invitation", id: created.id, label: email ?? role },
      metadata: { role, email: email ?? null, expiresAt: expiresAt.toISOString() },
    });
    return created;
  });
  return { id: invitation.id, role, email: invitation.email, expiresAt, url: invitationUrl(token) };
}
