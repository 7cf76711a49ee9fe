import { z } from "zod";
import { db, transaction } from "../db";
import { at } from "../clock";
import { recordUserEvent } from "../audit/record-user-event";
import type { RequestContext } from "../http/request-context";
import { decoyPasswordHash, verifyPassword } from "../crypto/password";
import { refundRateLimits, reserveRateLimits, resetRateLimit, type RateLimitRule } from "../rate-limit";
import type { SessionUser } from "./sessions";

export const passwordSignInSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  password: z.string().min(1, "Enter your password").max(1024),
});

/**
 * Throttling: 5 attempts per email and 50 per client address within 15
 * minutes. An attempt is reserved before the password is verified, so
 * parallel guesses cannot all slip past the count; a success gives its
 * attempt back and clears the email's counter. Windows end by themselves,
 * so the real user is never locked out for longer than one window.
 */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const SIGN_IN_LIMIT_PER_EMAIL = 5;
export const SIGN_IN_LIMIT_PER_IP = 50;

const rules = (email: string, ip: string | null): RateLimitRule[] => [
  { key: `sign-in:email:${email}`, limit: SIGN_IN_LIMIT_PER_EMAIL, windowMs: SIGN_IN_WINDOW_MS },
  ...(ip ? [{ key: `sign-in:ip:${ip}`, limit: SIGN_IN_LIMIT_PER_IP, windowMs: SIGN_IN_WINDOW_MS }] : []),
];

export type PasswordSignInResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export async function signInWithPassword(
  input: { email: string; password: string },
  context: Partial<RequestContext> & { now?: Date } = {},
): Promise<PasswordSignInResult> {
  const now = at(context.now);
  const parsed = passwordSignInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid_credentials" };
  const { email, password } = parsed.data;
  const limits = rules(email, context.clientIp ?? null);

  const audit = (outcome: "success" | "failure", userId: string | null, reason?: string) =>
    transaction((tx) =>
      recordUserEvent(tx, userId, {
        occurredAt: now,
        action: "user.signed_in",
        outcome,
        reason,
        actor: { type: "user", id: userId, label: email, ...context },
        target: { type: "user", id: userId, label: email },
        metadata: { method: "password" },
      }),
    );

  const reservation = await reserveRateLimits(limits, now);
  if (!reservation.reserved) {
    const known = await db().user.findUnique({ where: { email }, select: { id: true } });
    await audit("failure", known?.id ?? null, "throttled");
    return { ok: false, reason: "throttled", retryAfterSeconds: reservation.retryAfterSeconds };
  }

  const user = await db().user.findUnique({ where: { email } });
  // Unknown emails verify against a decoy hash so timing does not reveal which emails exist.
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
  if (!user || !user.passwordHash || !valid) {
    // The reserved attempts stay spent: they are the failures being counted.
    await audit("failure", user?.id ?? null, "invalid_credentials");
    return { ok: false, reason: "invalid_credentials" };
  }

  // A success gives the address its attempt back and clears the email's counter.
  const emailKey = limits[0]!.key;
  await refundRateLimits(reservation.reservations.filter((r) => r.rule.key !== emailKey));
  await resetRateLimit(emailKey);
  await audit("success", user.id);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
