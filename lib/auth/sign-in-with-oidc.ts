import { transaction } from "../db";
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

/**
 * Map an OIDC identity to a Tessera user: a known (provider, sub) signs in
 * as its user; otherwise a verified email links to the existing user with
 * that email; otherwise a new user is created (with no organisation until an
 * invitation is accepted). An unverified email never links to an account.
 */
export async function signInWithOidc(profile: OidcProfile, context: Partial<RequestContext> = {}): Promise<SessionUser> {
  const email = profile.email?.trim().toLowerCase() || null;
  return transaction(async (tx) => {
    const identity = await tx.identity.findUnique({
      where: { provider_providerAccountId: { provider: profile.provider, providerAccountId: profile.subject } },
      include: { user: true },
    });
    let user = identity?.user ?? null;
    let linked = false;
    if (!user) {
      if (!email || profile.emailVerified !== true) {
        throw new Error("The identity provider did not supply a verified email address");
      }
      user =
        (await tx.user.findUnique({ where: { email } })) ??
        (await tx.user.create({ data: { email, name: profile.name ?? null } }));
      await tx.identity.create({
        data: { userId: user.id, provider: profile.provider, providerAccountId: profile.subject },
      });
      linked = true;
    }
    await recordUserEvent(tx, user.id, {
      action: "user.signed_in",
      actor: { type: "user", id: user.id, label: user.email, ...context },
      target: { type: "user", id: user.id, label: user.email },
      metadata: { method: "oidc", provider: profile.provider, identityLinked: linked },
    });
    return { id: user.id, email: user.email, name: user.name };
  });
}
