import { log } from "../log";
import { processState } from "../process-state";
import { AuditQueueFull, recordAuditEventSoon } from "./audit-batcher";
import type { AuditEventInput } from "./types";

/**
 * Repeated failures (failed client authentication, throttled requests) are
 * aggregated so that load or an attack cannot flood the trail: per action,
 * client id, address and reason, the first failure of each one-minute window
 * is recorded at once, and the rest of that window becomes one event whose
 * `metadata.count` says how many, written when the window closes (or at
 * shutdown). Unknown client ids share one bucket per address, so a flood of
 * invented ids still writes a bounded number of rows.
 */
export const FAILURE_WINDOW_MS = 60_000;

export interface FailureBucketKey {
  action: string;
  /** null for a client id that names no account. */
  clientId: string | null;
  address: string | null;
  reason: string;
}

interface Bucket {
  windowStart: number;
  /** Failures after the first, not yet written. */
  count: number;
  /** The newest failure of the window, the shape of the aggregate event. */
  latest: AuditEventInput;
}

const state = processState("repeated-failures", () => ({ buckets: new Map<string, Bucket>(), timer: undefined as NodeJS.Timeout | undefined }));
const { buckets } = state;

const keyOf = (k: FailureBucketKey) => JSON.stringify([k.action, k.clientId, k.address, k.reason]);

export async function recordRepeatedFailure(event: AuditEventInput, key: FailureBucketKey): Promise<void> {
  const when = (event.occurredAt ?? new Date()).getTime();
  const windowStart = when - (when % FAILURE_WINDOW_MS);
  const id = keyOf(key);
  const bucket = buckets.get(id);
  if (bucket && bucket.windowStart === windowStart) {
    bucket.count++;
    bucket.latest = event;
    return;
  }
  // The new window's bucket goes in before anything is awaited: failures arriving
  // meanwhile count in it, instead of in a bucket that this call would then replace.
  buckets.set(id, { windowStart, count: 0, latest: event });
  scheduleClose();
  if (bucket) await writeAggregate(id, bucket);
  try {
    await recordAuditEventSoon(event);
  } catch (e) {
    // Under overload the first failure joins the window's count instead of failing its request.
    if (!(e instanceof AuditQueueFull)) throw e;
    const b = buckets.get(id);
    if (b) b.count++;
  }
}

function aggregateOf(bucket: Bucket): AuditEventInput {
  const end = new Date(bucket.windowStart + FAILURE_WINDOW_MS);
  const { latest } = bucket;
  return {
    ...latest,
    occurredAt: latest.occurredAt,
    // `aggregated: true` is what count-events.ts recognises; keep the two in step.
    metadata: {
      ...latest.metadata,
      count: bucket.count,
      aggregated: true,
      windowStart: new Date(bucket.windowStart).toISOString(),
      windowEnd: end.toISOString(),
    },
  };
}

async function writeAggregate(id: string, bucket: Bucket) {
  if (buckets.get(id) === bucket) buckets.delete(id);
  if (bucket.count === 0) return;
  await recordAuditEventSoon(aggregateOf(bucket)).catch((e: unknown) => log.error({ err: e }, "could not record aggregated failures"));
}

function scheduleClose() {
  if (state.timer) return;
  const now = Date.now();
  const delay = FAILURE_WINDOW_MS - (now % FAILURE_WINDOW_MS) + 50;
  state.timer = setTimeout(() => {
    state.timer = undefined;
    void closeWindows(Date.now());
  }, delay);
  state.timer.unref?.();
}

/** Write every window that has ended by `now` (all of them when `now` is Infinity, at shutdown). */
export async function closeWindows(now: number): Promise<void> {
  const due = [...buckets].filter(([, b]) => b.windowStart + FAILURE_WINDOW_MS <= now);
  await Promise.all(due.map(([id, b]) => writeAggregate(id, b)));
  if (buckets.size) scheduleClose();
}

export const flushRepeatedFailures = () => closeWindows(Infinity);
