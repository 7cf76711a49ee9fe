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

/**
 * An attempt taken from a rule's window before the work it limits is done.
 * `windowStart` names the window it was taken from, so a refund can never
 * give an attempt back to a later window.
 */
export interface RateLimitReservation {
  rule: RateLimitRule;
  windowStart: Date;
}

export type ReserveResult =
  | { reserved: true; reservations: RateLimitReservation[] }
  | { reserved: false; retryAfterSeconds: number };

/**
 * Take one attempt from each rule's window, all or nothing, before doing the
 * expensive or guessable work (verifying a password). Reading the count and
 * writing it later lets any number of parallel requests pass the read; here
 * the check and the increment are one conditional UPDATE (`count < limit`),
 * which both databases evaluate against the row as it is when the row lock
 * is held, so at most `limit` attempts are ever in flight or spent in one
 * window. When a rule is exhausted, the attempts already taken from the
 * others are given back. Windows still end by themselves.
 */
export async function reserveRateLimits(rules: RateLimitRule[], now: Date): Promise<ReserveResult> {
  const reservations: RateLimitReservation[] = [];
  for (const rule of rules) {
    const result = await reserveOne(rule, now);
    if (!result.reserved) {
      await refundRateLimits(reservations);
      return result;
    }
    reservations.push(result.reservation);
  }
  return { reserved: true, reservations };
}

/** Give reserved attempts back (the work succeeded, or never ran). A window that has since restarted is left alone. */
export async function refundRateLimits(reservations: RateLimitReservation[]): Promise<void> {
  for (const { rule, windowStart } of reservations) {
    await db().rateLimitBucket.updateMany({
      where: { key: rule.key, windowStart, count: { gt: 0 } },
      data: { count: { decrement: 1 } },
    });
  }
}

type ReserveOne = { reserved: true; reservation: RateLimitReservation } | { reserved: false; retryAfterSeconds: number };

async function reserveOne(rule: RateLimitRule, now: Date): Promise<ReserveOne> {
  const windowFloor = new Date(now.getTime() - rule.windowMs);
  const taken = (windowStart: Date): ReserveOne => ({ reserved: true, reservation: { rule, windowStart } });
  // Each step is one atomic statement; a step that loses a race to another
  // request falls through to the next, and the loop re-reads what won.
  for (let attempt = 0; attempt < 5; attempt++) {
    const inWindow = await db().rateLimitBucket.updateManyAndReturn({
      where: { key: rule.key, windowStart: { gt: windowFloor }, count: { lt: rule.limit } },
      data: { count: { increment: 1 } },
      select: { windowStart: true },
    });
    if (inWindow[0]) return taken(inWindow[0].windowStart);

    const restarted = await db().rateLimitBucket.updateMany({
      where: { key: rule.key, windowStart: { lte: windowFloor } },
      data: { windowStart: now, count: 1 },
    });
    if (restarted.count === 1) return taken(now);

    const bucket = await db().rateLimitBucket.findUnique({ where: { key: rule.key } });
    if (bucket) {
      const state = stateOf(rule, bucket, now);
      if (state.limited) return { reserved: false, retryAfterSeconds: state.retryAfterSeconds };
      continue; // the window moved under us: try again
    }
    try {
      await db().rateLimitBucket.create({ data: { key: rule.key, windowStart: now, count: 1 } });
      return taken(now);
    } catch (e) {
      // Another request inserted the first attempt: take ours from its row.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") continue;
      throw e;
    }
  }
  // Only a pathological race gets here; refusing is the safe answer.
  return { reserved: false, retryAfterSeconds: 1 };
}
