import { db } from "../db";
import { at } from "../clock";
import { randomToken, sha256Hex } from "../crypto/random";
import { sessionPolicy, type SessionPolicy } from "./session-policy";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

export interface ActiveSession {
  sessionId: string;
  user: SessionUser;
  /** Whether this request moved lastSeenAt: the cookie's expiry should move with it. */
  renewed: boolean;
  /** When the cookie should expire as of this request: the idle deadline, never past the absolute one. */
  cookieExpiresAt: Date;
  /** When the user last proved who they are in this session (sign-in or re-authentication); null: unknown, long ago. */
  authenticatedAt: Date | null;
}

/**
 * Start a console session. The token (256 bits from the CSPRNG) goes into
 * the cookie; the database keeps only its SHA-256.
 */
export async function createSession(
  userId: string,
  context: { clientIp?: string | null; userAgent?: string | null; now?: Date; policy?: SessionPolicy } = {},
): Promise<string> {
  const now = at(context.now);
  const policy = context.policy ?? sessionPolicy();
  const token = randomToken(32);
  await db().session.create({
    data: {
      tokenHash: sha256Hex(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      authenticatedAt: now,
      expiresAt: new Date(now.getTime() + policy.absoluteMs),
      clientIp: context.clientIp ?? null,
      userAgent: context.userAgent?.slice(0, 512) ?? null,
    },
  });
  return token;
}

/**
 * Resolve a session token, enforcing the idle timeout and the absolute
 * lifetime. An expired session is deleted, so it can never come back.
 */
export async function resolveSession(
  token: string,
  options: { now?: Date; policy?: SessionPolicy } = {},
): Promise<ActiveSession | null> {
  if (!token || token.length > 200) return null;
  const now = at(options.now);
  const policy = options.policy ?? sessionPolicy();
  const session = await db().session.findUnique({
    where: { tokenHash: sha256Hex(token) },
    include: { user: { select: { id: true, email: true, name: true } } },
  });
  if (!session) return null;

  const idleDeadline = session.lastSeenAt.getTime() + policy.idleMs;
  if (now.getTime() >= session.expiresAt.getTime() || now.getTime() >= idleDeadline) {
    await db().session.deleteMany({ where: { id: session.id } });
    return null;
  }
  const renewed = now.getTime() - session.lastSeenAt.getTime() >= policy.touchEveryMs;
  if (renewed) await db().session.updateMany({ where: { id: session.id }, data: { lastSeenAt: now } });
  const lastSeen = renewed ? now : session.lastSeenAt;
  const cookieExpiresAt = new Date(Math.min(lastSeen.getTime() + policy.idleMs, session.expiresAt.getTime()));
  return { sessionId: session.id, user: session.user, renewed, cookieExpiresAt, authenticatedAt: session.authenticatedAt };
}

/**
 * Record that the session's user has just proved who they are again. Only
 * this session: another browser of the same person stays as it was.
 */
export async function markSessionAuthenticated(sessionId: string, userId: string, now: Date): Promise<void> {
  await db().session.updateMany({ where: { id: sessionId, userId }, data: { authenticatedAt: now } });
}

export async function endSession(token: string): Promise<void> {
  await db().session.deleteMany({ where: { tokenHash: sha256Hex(token) } });
}

export async function endAllSessionsOfUser(userId: string): Promise<void> {
  await db().session.deleteMany({ where: { userId } });
}
