import { db } from "../db";
import { AppError } from "../errors";
import type { Actor } from "../audit/types";

/**
 * How recent a console sign-in must be for the verbs that hand out or
 * destroy a credential (revealing a new secret, deleting an account). A
 * session left open on an unattended screen, or a stolen cookie, must not be
 * enough to mint a working secret or to break production.
 */
export const RECENT_AUTHENTICATION_MS = 15 * 60_000;

/**
 * Refuses a console user whose session last proved who they are more than
 * 15 minutes ago (or never said when). The CLI operator and API principals
 * are not sessions: they hold the database or a credential of their own,
 * so this asks nothing of them.
 */
export function requireRecentAuthentication(actor: Actor, now: Date): void {
  if (actor.type !== "user") return;
  const at = actor.authenticatedAt?.getTime();
  if (at !== undefined && now.getTime() - at < RECENT_AUTHENTICATION_MS) return;
  throw new AppError("reauthentication_required", "Confirm it is you to continue: your sign-in is more than 15 minutes old.", {
    internal: `user ${actor.id} last authenticated ${actor.authenticatedAt?.toISOString() ?? "never"}`,
  });
}

export type ReauthenticationMethod = "password" | "sso";

/** How this user proves who they are again: their password, or (SSO-only accounts) a new SSO sign-in. */
export async function reauthenticationMethod(userId: string): Promise<ReauthenticationMethod> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return user?.passwordHash ? "password" : "sso";
}
