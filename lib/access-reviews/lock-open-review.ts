import type { Tx } from "../db";
import { AppError } from "../errors";

/**
 * Lock an open campaign's row for the rest of the transaction (PostgreSQL
 * row lock; SQLite holds the write lock already), or refuse when it is
 * closed. Decisions and the close both take it first, so a decision can
 * never land after the close has read the decisions.
 */
export async function lockOpenReview(tx: Tx, reviewId: string): Promise<void> {
  const locked = await tx.$executeRaw`UPDATE "AccessReview" SET "status" = "status" WHERE "id" = ${reviewId} AND "status" = 'open'`;
  if (locked === 0) throw new AppError("conflict", "This access review is closed; its decisions can no longer change");
}
