import { isAppError } from "./errors";
import type { Actor } from "./audit/types";
import { currentSession } from "./auth/current-session";
import { userActor } from "./auth/actor";
import type { ActiveSession } from "./auth/sessions";

export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

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
  if (!session) return { ok: false, error: "Your session has ended. Sign in again." };
  try {
    return { ok: true, data: await fn(await userActor(session), session) };
  } catch (e) {
    if (isAppError(e)) return { ok: false, error: e.userMessage, fieldErrors: e.fieldErrors };
    console.error("[action] unexpected error", e);
    return { ok: false, error: "Something went wrong. Nothing was changed; try again." };
  }
}
