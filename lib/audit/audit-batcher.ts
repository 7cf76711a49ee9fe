import { setImmediate as endOfTurn } from "node:timers/promises";
import { hotTransaction, type HotSql, type SqlArg } from "../db-hot";
import { isDatabaseUnavailable, isWriteConflict } from "../db-availability";
import { lapsedAccounts, type ActiveAccountRequirement } from "../service-accounts/lapsed-accounts";
import { metrics } from "../metrics";
import { processState } from "../process-state";
import { recordAuditEvent, recordAuditEvents } from "./record-audit-event";
import type { AuditEventInput } from "./types";

/**
 * Rows that jobs of one batch write alike: `write` gets the rows of every job
 * of the batch that names it (at most MAX_BATCH jobs' rows), once.
 */
export interface MergedWrite {
  rows: SqlArg[][];
  write: (sql: HotSql, rows: SqlArg[][]) => Promise<unknown>;
}
export type Alongside = ((sql: HotSql) => Promise<unknown>) | MergedWrite;

/**
 * Group commit for hot paths (token, revocation, aggregated failures):
 * events that arrive while a commit is in flight are written together in the
 * next transaction, their chain links computed in process per batch, so many
 * requests share one transaction. Each caller's promise settles only after
 * its own event has committed: nothing is answered before it is durable.
 * `alongside` runs in the same transaction (e.g. lastUsedAt updates); a
 * MergedWrite's rows are written with those of every job in the batch that
 * names the same `write`, in one statement (a batch of revocations' rows).
 * `requires` names an account that must still be active as the event
 * commits (a token's): if it was deactivated meanwhile, that event alone is
 * dropped and its caller gets AccountLapsed.
 *
 * The queue is bounded: past MAX_QUEUE waiting events a caller is refused at
 * once (AuditQueueFull, answered 503 + Retry-After) instead of waiting
 * without end.
 */
interface Job {
  event: AuditEventInput;
  alongside?: Alongside;
  /** The account must still be active when the event commits (token.issued): otherwise AccountLapsed. */
  requires?: ActiveAccountRequirement;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 500;
export const MAX_QUEUE = 5_000;

export class AuditQueueFull extends Error {
  constructor() {
    super("audit queue full");
  }
}

/** The event's account was deactivated between its request's authentication and this commit. */
export class AccountLapsed extends Error {
  constructor() {
    super("the account was deactivated before the event committed");
  }
}

const state = processState("audit-batcher", () => ({ queue: [] as Job[], flushing: undefined as Promise<void> | undefined }));

export function recordAuditEventSoon(event: AuditEventInput, alongside?: Alongside, requires?: ActiveAccountRequirement): Promise<void> {
  if (state.queue.length >= MAX_QUEUE) {
    metrics().auditRejected.inc();
    return Promise.reject(new AuditQueueFull());
  }
  return new Promise((resolve, reject) => {
    state.queue.push({ event, alongside, requires, resolve, reject });
    metrics().auditQueueDepth.set(state.queue.length);
    // Start the next commit only after pending I/O has run: on SQLite a
    // transaction completes within one turn of the event loop, so starting it
    // at once would commit every event alone. Waiting one turn lets the
    // requests already in flight join the batch.
    state.flushing ??= endOfTurn().then(flush);
  });
}

/** Resolves once every event queued so far has committed (or failed): for shutdown and tests. */
export async function drainAuditQueue(): Promise<void> {
  while (state.flushing) await state.flushing;
}

async function writeOne(tx: HotSql, job: Job) {
  if (job.requires && (await lapsedAccounts(tx, [job.requires])).size) throw new AccountLapsed();
  await recordAuditEvent(tx, job.event);
  await writeAlongside(tx, [job]);
}

/** The jobs' own writes, in job order, then each MergedWrite once with all its rows. */
async function writeAlongside(tx: HotSql, jobs: Job[]) {
  const merged = new Map<MergedWrite["write"], SqlArg[][]>();
  for (const { alongside } of jobs) {
    if (typeof alongside === "function") await alongside(tx);
    else if (alongside) {
      const rows = merged.get(alongside.write);
      if (rows) rows.push(...alongside.rows);
      else merged.set(alongside.write, [...alongside.rows]);
    }
  }
  for (const [write, rows] of merged) await write(tx, rows);
}

async function flush() {
  try {
    while (state.queue.length) {
      const batch = state.queue.slice(0, MAX_BATCH);
      state.queue = state.queue.slice(MAX_BATCH);
      metrics().auditQueueDepth.set(state.queue.length);
      metrics().auditBatchSize.observe(batch.length);
      let lapsed = new Set<Job>();
      try {
        await hotTransaction(async (tx) => {
          const requirements = batch.flatMap((job) => (job.requires ? [{ ...job.requires, job }] : []));
          lapsed = new Set([...(await lapsedAccounts(tx, requirements))].map((r) => r.job));
          const accepted = batch.filter((job) => !lapsed.has(job));
          await recordAuditEvents(
            tx,
            accepted.map((job) => job.event),
          );
          await writeAlongside(tx, accepted);
        });
        for (const job of batch) {
          if (lapsed.has(job)) job.reject(new AccountLapsed());
          else job.resolve();
        }
      } catch (batchError) {
        // The database is away (down, hung past its timeouts, locked, read-only or full; a
        // write conflict is not that, and is retried below like any other failure):
        // retrying event by event would only make each caller wait for it again, one
        // after another. The whole batch fails now (503, retry), and so does everything
        // queued behind it while it waited.
        if (isDatabaseUnavailable(batchError) && !isWriteConflict(batchError)) {
          const waiting = state.queue;
          state.queue = [];
          metrics().auditQueueDepth.set(0);
          for (const job of [...batch, ...waiting]) job.reject(batchError);
          continue;
        }
        if (batch.length === 1) {
          batch[0]!.reject(batchError);
          continue;
        }
        // One bad event must not sink its neighbours: retry each on its own.
        for (const job of batch) await hotTransaction((tx) => writeOne(tx, job)).then(job.resolve, job.reject);
      }
    }
  } finally {
    state.flushing = undefined;
    if (state.queue.length) state.flushing = endOfTurn().then(flush);
  }
}
