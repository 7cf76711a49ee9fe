import { notFound, redirect } from "next/navigation";
import type { Role } from "./db";
import type { Capability } from "./permissions";
import { isAppError } from "./errors";
import { authorizeOrg } from "./authz";
import { currentSession } from "./auth/current-session";
import { userActor } from "./auth/actor";

/** For pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(returnTo?: string) {
  const session = await currentSession();
  if (!session) redirect(returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : "/sign-in");
  return { session, actor: await userActor(session) };
}

/**
 * For pages: the org context for a member allowed `capability` (by default,
 * any member). Another organisation (or one that does not exist) renders the
 * 404 page. Pages decide which controls to show with `can(principal, ...)`.
 */
export async function requireMember(orgSlug: string, capability: Capability = "org:read") {
  const { session, actor } = await requireUser(`/${orgSlug}`);
  try {
    const ctx = await authorizeOrg(actor, orgSlug, capability);
    // A console user is always a member here, so the role is known.
    return { ...ctx, role: ctx.role as Role, session, actor };
  } catch (e) {
    if (isAppError(e) && (e.code === "not_found" || e.code === "forbidden")) notFound();
    throw e;
  }
}
