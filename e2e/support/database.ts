import { createHash } from "node:crypto";
import Database from "better-sqlite3";

/** Prisma's SQLite adapter stores DateTime as ISO 8601 text with an explicit offset. */
const sqliteTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

/**
 * Moves a console session's clock in the e2e database, as if time had passed,
 * so a journey can see what an hour of activity does without waiting for it.
 * The session is found by its cookie, as the server finds it (SHA-256).
 */
export function setSessionClock(cookieValue: string, times: { lastSeenAt: Date; expiresAt?: Date }) {
  const db = new Database(process.env.E2E_DATABASE_URL!.replace(/^file:/, ""), { timeout: 10_000 });
  try {
    const tokenHash = createHash("sha256").update(cookieValue).digest("hex");
    const sets = ["lastSeenAt = ?", ...(times.expiresAt ? ["expiresAt = ?"] : [])].join(", ");
    const values = [sqliteTime(times.lastSeenAt), ...(times.expiresAt ? [sqliteTime(times.expiresAt)] : [])];
    const result = db.prepare(`UPDATE "Session" SET ${sets} WHERE "tokenHash" = ?`).run(...values, tokenHash);
    if (result.changes !== 1) throw new Error("no session row for this cookie");
  } finally {
    db.close();
  }
}

/**
 * Moves when a console session last proved who its user is (sign-in or
 * re-authentication), as if that were `at`: the 15-minute rule for
 * rotating a secret or deleting an account can then be seen without waiting.
 */
export function setSessionAuthenticatedAt(cookieValue: string, at: Date) {
  const db = new Database(process.env.E2E_DATABASE_URL!.replace(/^file:/, ""), { timeout: 10_000 });
  try {
    const tokenHash = createHash("sha256").update(cookieValue).digest("hex");
    const result = db.prepare(`UPDATE "Session" SET "authenticatedAt" = ? WHERE "tokenHash" = ?`).run(sqliteTime(at), tokenHash);
    if (result.changes !== 1) throw new Error("no session row for this cookie");
  } finally {
    db.close();
  }
}
