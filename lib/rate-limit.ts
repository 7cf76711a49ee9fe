import { db, Prisma, transaction } from "./db";

/**
 * Fixed-window counters kept in the database, so every app instance behind a
 * load balancer sees the same counts. A window ends by itself: nothing is
 * ever locked for longer than one window.
 */
export interface RateLimitRule {
  key: string;
  limit: number;
  windowMs: number;
}

export interface RateLimitState {
  limited: boolean;
  count: number;
  retryAfterSeconds: number;
}

export async function peekRateLimit(rule: RateLimitRule, now: Date): Promise<RateLimitState> {
  const bucket = await db().rateLimitBucket.findUnique({ where: { key: rule.key } });
  return stateOf(rule, bucket ?? undefined, now);
}

/** Several rules' states in one query, in the order given. */
export async function peekRateLimits(rules: RateLimitRule[], now: Date): Promise<RateLimitState[]> {
  const buckets = await db().rateLimitBucket.findMany({ where: { key: { in: rules.map((r) => r.key) } } });
  return rules.map((rule) => stateOf(rule, buckets.find((b) => b.key === rule.key), now));
}

function stateOf(rule: RateLimitRule, bucket: { windowStart: Date; count: number } | undefined, now: Date): RateLimitState {
  if (!bucket || bucket.windowStart.getTime() + rule.windowMs <= now.getTime()) {
    return { limited: false, count: 0, retryAfterSeconds: 0 };
  }
  const retryAfterSeconds = Math.ceil((bucket.windowStart.getTime() + rule.windowMs - now.getTime()) / 1000);
  return { limited: bucket.count >= rule.limit, count: bucket.count, retryAfterSeconds };
}

/** Count one event against the rule's window; returns the count after it. */
export async function hitRateLimit(rule: RateLimitRule, now: Date): Promise<number> {
  const windowFloor = new Date(now.getTime() - rule.windowMs);
  for (let attempt = 0; ; attempt++) {
    try {
      // One write transaction (on SQLite it takes the write lock first, so a
      // concurrent writer in another process makes it wait, not fail).
      return await transaction(async (tx) => {
        // Restart a stale window; the conditional update is atomic on both databases.
        const reset = await tx.rateLimitBucket.updateMany({
          where: { key: rule.key, windowStart: { lte: windowFloor } },
          data: { windowStart: now, count: 1 },
        });
        if (reset.count === 1) return 1;
        const bucket = await tx.rateLimitBucket.upsert({
          where: { key: rule.key },
          create: { key: rule.key, windowStart: now, count: 1 },
          update: { count: { increment: 1 } },
        });
        return bucket.count;
      });
    } catch (e) {
      // Two first hits raced on the insert: the second one retries as an update.
      if (attempt === 0 && e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") continue;
      throw e;
    }
  }
}

export async function resetRateLimit(key: string): Promise<void> {
  await db().rateLimitBucket.deleteMany({ where: { key } });
}
