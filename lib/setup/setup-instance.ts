import { z } from "zod";
import { db, transaction, type Tx } from "../db";
import { AppError } from "../errors";
import { at } from "../clock";
import { recordAuditEvent } from "../audit/record-audit-event";
import { ensureReservedScopes } from "../scopes/reserved-scopes";
import type { Actor } from "../audit/types";
import { createOrganizationSchema } from "../schemas/organization";
import { signUpSchema } from "../schemas/member";
import { parseInput } from "../validation";
import { createPasswordUser } from "../users/create-user";

export const setupInstanceSchema = signUpSchema.extend({
  orgSlug: createOrganizationSchema.shape.slug,
  orgName: createOrganizationSchema.shape.name,
});
export type SetupInstanceInput = z.input<typeof setupInstanceSchema>;

export async function hasAnyUser(): Promise<boolean> {
  return (await db().user.count()) > 0;
}

/**
 * First run: the first user and the first organisation, with that user as
 * OWNER. Refused once any user exists, so a setup path can never be used to
 * take over a running instance. `claim` lets the caller consume a one-time
 * setup token in the same transaction.
 */
export async function setupInstance(actor: Actor, input: SetupInstanceInput, claim?: (tx: Tx) => Promise<void>) {
  const data = parseInput(setupInstanceSchema, input);
  return transaction(async (tx) => {
    if ((await tx.user.count()) > 0) throw new AppError("conflict", "Tessera is already set up; sign in instead");
    await claim?.(tx);
    // The operator set the instance up with this address (setup link or TESSERA_ADMIN_EMAIL).
    const user = await createPasswordUser(tx, data, { emailVerifiedAt: at() });
    const org = await tx.organization.create({ data: { slug: data.orgSlug, name: data.orgName } });
    await ensureReservedScopes(tx, org.id);
    await tx.membership.create({ data: { orgId: org.id, userId: user.id, role: "OWNER" } });
    await recordAuditEvent(tx, {
      orgId: org.id,
      occurredAt: at(),
      action: "organization.created",
      actor: actor.type === "user" ? { ...actor, id: user.id, label: user.email } : actor,
      target: { type: "organization", id: org.id, label: org.slug },
      metadata: { after: { slug: org.slug, name: org.name }, ownerUserId: user.id, firstRun: true },
    });
    return { user: { id: user.id, email: user.email, name: user.name }, org };
  });
}
