import { z } from "zod";
import { transaction } from "../db";
import { AppError } from "../errors";
import type { RequestContext } from "../http/request-context";
import { signUpSchema } from "../schemas/member";
import { invitationTokenSchema } from "../schemas/references";
import { parseInput } from "../validation";
import { createPasswordUser } from "../users/create-user";
import { acceptInvitationInTx } from "./accept-invitation";
import { describeInvitation } from "./describe-invitation";

/**
 * A new person signs up through an invitation link: the account and the
 * membership are created together, so a failed acceptance leaves no
 * orphaned account behind. Sign-up is only possible with a valid link.
 *
 * An invitation that names an email binds the account to it, and the address
 * counts as vouched for by the owner who sent it. One without an email lets
 * the holder type any address: that account stays unverified, and (like every
 * password account) an SSO identity is never linked to it unless its holder
 * is signed in to it (see signInWithOidc), so nobody can pre-register
 * someone else's address and inherit their SSO sign-ins.
 */
export async function signUpWithInvitation(
  token: string,
  input: z.input<typeof signUpSchema>,
  context: Partial<RequestContext> = {},
) {
  parseInput(invitationTokenSchema, { token });
  const data = parseInput(signUpSchema, input);
  const invitation = await describeInvitation(token);
  if (!invitation || invitation.status !== "valid") throw new AppError("not_found", "This invitation link is not valid");
  if (invitation.email && invitation.email !== data.email) {
    throw new AppError("forbidden", `This invitation is for ${invitation.email}`, {
      fieldErrors: { email: [`Use ${invitation.email}`] },
    });
  }
  return transaction(async (tx) => {
    const user = await createPasswordUser(tx, data, { emailVerifiedAt: invitation.email ? new Date() : null });
    const actor = { type: "user" as const, id: user.id, label: user.email, ...context };
    const { org } = await acceptInvitationInTx(tx, actor, user.email, token);
    return { user, org };
  });
}
