import { transaction, type Tx } from "../db";
import { recordAuditEvent, recordAuditEvents } from "./record-audit-event";
import type { AuditEventInput } from "./types";

/**
 * Group commit for hot paths (the token endpoint): events that arrive while
 * a commit is in flight are written together in the next transaction, so
 * many requests share one fsync. Each caller's promise settles only after
 * its own event has committed: nothing is answered before it is durable.
 * `alongside` runs in the same transaction (e.g. lastUsedAt updates).
 */
interface Job {
  event: AuditEventInput;
  alongside?: (tx: Tx) => Promise<unknown>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 256;
let queue: Job[] = [];
let flushing = false;

export function recordAuditEventSoon(event: AuditEventInput, alongside?: (tx: Tx) => Promise<unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    queue.push({ event, alongside, resolve, reject });
    if (!flushing) void flush();
  });
}

const write = (tx: Tx, job: Job) => recordAuditEvent(tx, job.event).then(() => job.alongside?.(tx));

async function flush() {
  flushing = true;
  try {
    while (queue.length) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(MAX_BATCH);
      try {
        await transaction(async (tx) => {
          await recordAuditEvents(tx, batch.map((job) => job.event));
          for (const job of batch) await job.alongside?.(tx);
        });
        for (const job of batch) job.resolve();
      } catch {
        // One bad event must not sink its neighbours: retry each on its own.
        for (const job of batch) {
          await transaction((tx) => write(tx, job)).then(job.resolve, job.reject);
        }
      }
    }
  } finally {
    flushing = false;
  }
}
