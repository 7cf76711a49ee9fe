import { notFound, redirect } from "next/navigation";
import type { Role } from "./db";
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
 * For pages: the org context for a member with at least `minimum`. Another
 * organisation (or one that does not exist) renders the 404 page.
 */
export async function requireMember(orgSlug: string, minimum: Role = "REVIEWER") {
  const { session, actor } = await requireUser(`/${orgSlug}`);
  try {
    const ctx = await authorizeOrg(actor, orgSlug, minimum);
    return { ...ctx, session, actor };
  } catch (e) {
    if (isAppError(e) && (e.code === "not_found" || e.code === "forbidden")) notFound();
    throw e;
  }
}
