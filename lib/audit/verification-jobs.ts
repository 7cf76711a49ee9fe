import { setImmediate as endOfTurn } from "node:timers/promises";
import { randomToken } from "../crypto/random";
import type { ChainVerification, VerificationProgress } from "./verify-audit-chain";

export type VerificationStart = ChainVerification["mode"];

/** What a client may see of a verification: never an internal error message. */
export interface VerificationJobView {
  id: string;
  from: VerificationStart;
  status: "running" | "done" | "failed";
  checked: number;
  /** Events the walk will check; null until the walk has read the chain head. */
  total: number | null;
  startedAt: string;
  finishedAt: string | null;
  result: ChainVerification | null;
}

interface Job extends VerificationJobView {
  orgId: string;
  done: Promise<void>;
}

/** How long a finished verification's result stays available to pollers. */
const KEEP_FINISHED_MS = 15 * 60_000;

/**
 * Audit chain verifications running in this process, at most one per
 * organisation. Kept on globalThis so that every bundle of the Next.js
 * server shares one registry (as lib/db.ts does for the client). A second
 * request for an organisation whose verification is running joins it
 * instead of starting another walk over the same chain.
 */
const registry = ((globalThis as unknown as { tesseraVerifications?: Map<string, Job> }).tesseraVerifications ??= new Map());

function prune(now: number) {
  for (const [id, job] of registry) {
    if (job.finishedAt && now - Date.parse(job.finishedAt) > KEEP_FINISHED_MS) registry.delete(id);
  }
}

const view = ({ orgId: _orgId, done: _done, ...rest }: Job): VerificationJobView => ({ ...rest });

/**
 * Start `run` for `orgId` unless a verification of that organisation is
 * running already, and return at once. The walk runs on this thread but
 * yields between batches (see walkChain), so requests keep being served.
 */
export function startVerificationJob(
  orgId: string,
  from: VerificationStart,
  run: (onProgress: (progress: VerificationProgress) => void) => Promise<ChainVerification>,
): { job: VerificationJobView; joined: boolean } {
  prune(Date.now());
  const running = [...registry.values()].find((j) => j.orgId === orgId && j.status === "running");
  if (running) return { job: view(running), joined: true };

  const job: Job = {
    id: randomToken(16),
    orgId,
    from,
    status: "running",
    checked: 0,
    total: null,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    result: null,
    done: Promise.resolve(),
  };
  registry.set(job.id, job);
  job.done = endOfTurn()
    .then(() =>
      run((p) => {
        job.checked = p.checked;
        job.total = p.total;
      }),
    )
    .then(
      (result) => {
        job.result = result;
        job.checked = result.checked;
        job.status = "done";
      },
      (e: unknown) => {
        console.error("[audit] verification failed", e);
        job.status = "failed";
      },
    )
    .finally(() => {
      job.finishedAt = new Date().toISOString();
    });
  return { job: view(job), joined: false };
}

/** A verification of `orgId` by id; another organisation's answers as unknown. */
export function findVerificationJob(orgId: string, id: string): VerificationJobView | null {
  prune(Date.now());
  const job = registry.get(id);
  return job && job.orgId === orgId ? view(job) : null;
}

/** Resolves when the verification has finished (tests and shutdown). */
export async function verificationJobSettled(id: string): Promise<void> {
  await registry.get(id)?.done;
}
