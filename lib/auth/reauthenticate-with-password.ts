import { z } from "zod";
import { db, transaction } from "../db";
import { at } from "../clock";
import { AppError } from "../errors";
import { recordUserEvent } from "../audit/record-user-event";
import type { RequestContext } from "../http/request-context";
import { verifyPassword } from "../crypto/password";
import { reserveRateLimits, resetRateLimit } from "../rate-limit";
import { parseInput } from "../validation";
import { markSessionAuthenticated } from "./sessions";
import { SIGN_IN_LIMIT_PER_EMAIL, SIGN_IN_WINDOW_MS } from "./sign-in-with-password";

export const reauthenticateSchema = z.object({ password: z.string().min(1, "Enter your password").max(1024) });

/**
 * The signed-in user proves who they are again with their password; their
 * session's authentication time moves to now. Guesses count against the
 * same limit as sign-in (5 per 15 minutes per user), so a stolen cookie
 * cannot be used to guess the password faster than the sign-in page allows.
 */
export async function reauthenticateWithPassword(
  session: { sessionId: string; user: { id: string; email: string } },
  input: z.input<typeof reauthenticateSchema>,
  context: Partial<RequestContext> & { now?: Date } = {},
): Promise<void> {
  const now = at(context.now);
  const { password } = parseInput(reauthenticateSchema, input);
  const { user } = session;
  const rule = { key: `reauth:user:${user.id}`, limit: SIGN_IN_LIMIT_PER_EMAIL, windowMs: SIGN_IN_WINDOW_MS };
  const audit = (outcome: "success" | "failure", reason?: string) =>
    transaction((tx) =>
      recordUserEvent(tx, user.id, {
        occurredAt: now,
        action: "user.reauthenticated",
        outcome,
        reason,
        actor: { type: "user", id: user.id, label: user.email, ...context },
        target: { type: "user", id: user.id, label: user.email },
        metadata: { method: "password" },
      }),
    );

  const reservation = await reserveRateLimits([rule], now);
  if (!reservation.reserved) {
    await audit("failure", "throttled");
    throw new AppError("too_many_requests", "Too many wrong passwords. Wait a few minutes, then try again.", { retryAfterSeconds: reservation.retryAfterSeconds });
  }
  const row = await db().user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  if (!row?.passwordHash) throw new AppError("bad_request", "This account signs in with single sign-on: continue with SSO instead.");
  if (!(await verifyPassword(row.passwordHash, password))) {
    await audit("failure", "invalid_credentials");
    throw new AppError("validation_failed", "Wrong password.", { fieldErrors: { password: ["Wrong password."] } });
  }
  await resetRateLimit(rule.key);
  await markSessionAuthenticated(session.sessionId, user.id, now);
  await audit("success");
}
