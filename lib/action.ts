import { isAppError } from "./errors";
import type { Actor } from "./audit/types";
import { currentSession } from "./auth/current-session";
import { userActor } from "./auth/actor";
import type { ActiveSession } from "./auth/sessions";
import { reauthenticationMethod, type ReauthenticationMethod } from "./auth/recent-authentication";

/**
 * A failure carries the HTTP-style status of its reason (401 no session or
 * a sign-in too old, 403 role, 404 not found or another organisation's,
 * 409, 422, 500): a Server Action always answers 200 at the HTTP level, so
 * this is what callers and tests read. `reauthenticate` says how the person
 * can prove who they are again when that is what is missing.
 */
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; error: string; status: number; fieldErrors?: Record<string, string[]>; reauthenticate?: ReauthenticationMethod };

/**
 * The wrapper every Server Action runs through. Server Actions are public
 * POST endpoints, so this checks the session on every call; the domain
 * function it calls then checks membership and role itself. Known errors
 * become a message for the form; unknown ones are logged and hidden.
 */
export async function runAction<T>(
  fn: (actor: Actor & { type: "user"; id: string }, session: ActiveSession) => Promise<T>,
): Promise<ActionResult<T>> {
  const session = await currentSession();
  if (!session) return { ok: false, error: "Your session has ended. Sign in again.", status: 401 };
  try {
    return { ok: true, data: await fn(await userActor(session), session) };
  } catch (e) {
    if (isAppError(e)) {
      const reauthenticate = e.code === "reauthentication_required" ? await reauthenticationMethod(session.user.id) : undefined;
      return { ok: false, error: e.userMessage, status: e.status, fieldErrors: e.fieldErrors, ...(reauthenticate ? { reauthenticate } : {}) };
    }
    console.error("[action] unexpected error", e);
    return { ok: false, error: "Something went wrong. Nothing was changed; try again.", status: 500 };
  }
}
