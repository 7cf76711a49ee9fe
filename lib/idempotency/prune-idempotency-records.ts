import { db } from "../db";

/**
 * Forget stored idempotent responses past their 24 hours. The server's
 * maintenance loop runs this; a retry meeting an expired row also deletes it
 * before running afresh, so a stopped loop never replays a stale response.
 */
export async function pruneIdempotencyRecords(now = new Date()): Promise<number> {
  const { count } = await db().idempotencyRecord.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
