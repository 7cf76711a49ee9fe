import { transaction, type Tx } from "../db";
import { AppError } from "../errors";
import { recordUserEvent } from "../audit/record-user-event";
import type { RequestContext } from "../http/request-context";
import type { SessionUser } from "./sessions";

export interface OidcProfile {
  provider: string;
  subject: string;
  email?: string | null;
  emailVerified?: boolean | null;
  name?: string | null;
}

export type OidcRefusal = "email_unverified" | "account_exists";

/** An SSO sign-in Tessera will not complete; `reason` tells the sign-in page what to say. */
export class OidcSignInRefused extends AppError {
  constructor(readonly reason: OidcRefusal) {
    super(
      reason === "account_exists" ? "conflict" : "forbidden",
      reason === "account_exists"
        ? "An account with this email already exists. Sign in with its password, then link single sign-on from the account menu."
        : "Single sign-on could not complete. Your provider must share a verified email address.",
      { internal: `OIDC sign-in refused: ${reason}` },
    );
    this.name = "OidcSignInRefused";
  }
}

/**
 * Map an OIDC identity to a Tessera user:
 * - a known (provider, sub) signs in as its user;
 * - otherwise the provider must vouch for the email, and
 *   - no account has it: a new user is created (verified, no organisation
 *     until an invitation is accepted);
 *   - the browser is signed in to the account that has it: the identity is
 *     linked to that account (the holder proved its password, or an earlier
 *     sign-in, in this session) and its address counts as verified;
 *   - anyone else has it: refused. An account with that email may have been
 *     registered by someone else (an invitation without an email lets its
 *     holder type any address) and still holds their password; linking it
 *     would hand the real owner's SSO sign-ins to that account. The refusal
 *     is recorded in the account's organisations.
 */
export async function signInWithOidc(
  profile: OidcProfile,
  context: Partial<RequestContext> & { signedInUserId?: string | null } = {},
): Promise<SessionUser> {
  const email = profile.email?.trim().toLowerCase() || null;
  const { signedInUserId, ...requestContext } = context;
  const result = await transaction(async (tx): Promise<SessionUser | OidcRefusal> => {
    const identity = await tx.identity.findUnique({
      where: { provider_providerAccountId: { provider: profile.provider, providerAccountId: profile.subject } },
      include: { user: true },
    });
    if (identity) {
      await recordSignIn(tx, identity.user, profile, requestContext, { identityLinked: false });
      return identity.user;
    }
    if (!email || profile.emailVerified !== true) return "email_unverified";

    const existing = await tx.user.findUnique({ where: { email } });
    if (existing && existing.id !== signedInUserId) {
      await recordSignIn(tx, existing, profile, requestContext, { refused: "account_exists" });
      return "account_exists";
    }
    const user = existing
      ? await tx.user.update({ where: { id: existing.id }, data: { emailVerifiedAt: existing.emailVerifiedAt ?? new Date() } })
      : await tx.user.create({ data: { email, name: profile.name ?? null, emailVerifiedAt: new Date() } });
    await tx.identity.create({ data: { userId: user.id, provider: profile.provider, providerAccountId: profile.subject } });
    await recordSignIn(tx, user, profile, requestContext, { identityLinked: true });
    return user;
  });
  if (typeof result === "string") throw new OidcSignInRefused(result);
  return { id: result.id, email: result.email, name: result.name };
}

function recordSignIn(
  tx: Tx,
  user: { id: string; email: string },
  profile: OidcProfile,
  context: Partial<RequestContext>,
  outcome: { identityLinked: boolean } | { refused: OidcRefusal },
) {
  const refused = "refused" in outcome ? outcome.refused : undefined;
  return recordUserEvent(tx, user.id, {
    action: "user.signed_in",
    outcome: refused ? "failure" : "success",
    reason: refused,
    actor: { type: "user", id: user.id, label: user.email, ...context },
    target: { type: "user", id: user.id, label: user.email },
    metadata: { method: "oidc", provider: profile.provider, ...("identityLinked" in outcome ? { identityLinked: outcome.identityLinked } : {}) },
  });
}
