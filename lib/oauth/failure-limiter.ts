import { db, Prisma, transaction } from "../db";
import { log } from "../log";
import { processState } from "../process-state";

/**
 * Limits on failed client authentication. They count failures only and are
 * consulted in memory, so they cost the success path nothing and keep a
 * flood of bad requests away from the database:
 *
 * - per client id, after the secret was checked: a correct secret always
 *   works, so knowing a client id is not enough to lock its service out.
 *   (A secret carries about 214 bits; counting guesses protects nothing, the
 *   limit only turns a flood into cheap 429s.)
 * - per client address (IPv6 by /64), before authentication: generous enough
 *   that real clients behind one NAT never meet it.
 *
 * Counts are shared by every instance through RateLimitBucket rows: each
 * instance adds its failures to the row about once a second and learns the
 * total from the same statement. Windows end by themselves.
 */
export interface FailureRule {
  prefix: string;
  limit: number;
  windowMs: number;
}

export const CLIENT_FAILURES: FailureRule = { prefix: "client-auth:client:", limit: 50, windowMs: 3_600_000 };
export const ADDRESS_FAILURES: FailureRule = { prefix: "client-auth:ip:", limit: 3_000, windowMs: 60_000 };

const FLUSH_MS = 1_000;

interface Counter {
  rule: FailureRule;
  windowStart: number;
  /** The shared total as of the last flush (this window), plus what this instance added since. */
  shared: number;
  /** Counted here, not yet added to the shared row (including a flush under way). */
  pending: number;
  /** When the newest failure counted here happened. */
  lastAt: number;
}

const state = processState("failure-limiter", () => ({
  counters: new Map<string, Counter>(),
  timer: undefined as NodeJS.Timeout | undefined,
  flushing: undefined as Promise<void> | undefined,
}));
const { counters } = state;

const inWindow = (c: Counter, t: number) => t >= c.windowStart && t < c.windowStart + c.rule.windowMs;

function counter(rule: FailureRule, subject: string, now: number): Counter {
  const key = rule.prefix + subject;
  let c = counters.get(key);
  if (!c || !inWindow(c, now)) {
    c = { rule, windowStart: now, shared: 0, pending: 0, lastAt: now };
    counters.set(key, c);
  }
  return c;
}

/** Seconds until the window ends if `subject` is over the limit, else null. */
export function failureLimitRetryAfter(rule: FailureRule, subject: string, now: Date): number | null {
  const c = counters.get(rule.prefix + subject);
  const t = now.getTime();
  if (!c || !inWindow(c, t) || c.shared + c.pending < rule.limit) return null;
  return Math.max(1, Math.ceil((c.windowStart + rule.windowMs - t) / 1000));
}

export function countFailure(rule: FailureRule, subject: string, now: Date) {
  const c = counter(rule, subject, now.getTime());
  c.pending++;
  c.lastAt = Math.max(c.lastAt, now.getTime());
  state.timer ??= setTimeout(() => void flushFailureCounts(), FLUSH_MS);
  state.timer.unref?.();
}

/** Add this instance's pending counts to the shared rows and learn the totals. */
export function flushFailureCounts(): Promise<void> {
  state.timer = undefined;
  state.flushing ??= (async () => {
    try {
      const due = [...counters].filter(([, c]) => c.pending > 0);
      for (const [key, c] of due) {
        const delta = c.pending;
        try {
          // The row's window is judged at the time of the newest failure, not the clock at flush time.
          const row = await addToBucket(key, c.rule.windowMs, delta, new Date(c.lastAt));
          // Failures counted while the flush was under way stay pending.
          Object.assign(c, { windowStart: Math.min(row.windowStart.getTime(), c.windowStart), shared: row.count, pending: c.pending - delta });
        } catch (e) {
          log.warn({ err: e, key }, "could not share failure counts; the next flush tries again");
        }
      }
      const t = Date.now();
      for (const [key, c] of counters) if (c.lastAt + c.rule.windowMs <= t && c.pending === 0) counters.delete(key);
    } finally {
      state.flushing = undefined;
    }
  })();
  return state.flushing;
}

async function addToBucket(key: string, windowMs: number, delta: number, now: Date) {
  const floor = new Date(now.getTime() - windowMs);
  for (let attempt = 0; ; attempt++) {
    try {
      return await transaction(async (tx) => {
        const reset = await tx.rateLimitBucket.updateMany({ where: { key, windowStart: { lte: floor } }, data: { windowStart: now, count: delta } });
        if (reset.count === 1) return { windowStart: now, count: delta };
        return tx.rateLimitBucket.upsert({ where: { key }, create: { key, windowStart: now, count: delta }, update: { count: { increment: delta } } });
      });
    } catch (e) {
      // Two instances' first flushes raced on the insert: the second one retries as an update.
      if (attempt === 0 && e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") continue;
      throw e;
    }
  }
}

/** Rows whose window ended long ago (the longest window is an hour). */
export async function pruneRateLimitBuckets(now = new Date()): Promise<number> {
  const { count } = await db().rateLimitBucket.deleteMany({ where: { windowStart: { lt: new Date(now.getTime() - 86_400_000) } } });
  return count;
}

/** For tests: forget what this process counted. */
export function resetFailureCounters() {
  counters.clear();
  if (state.timer) clearTimeout(state.timer);
  state.timer = undefined;
}
