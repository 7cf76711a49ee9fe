/**
 * Closed-loop load: `workers` clients, each sending its next request as soon
 * as the previous one is answered, until stopped. Every request is kept as a
 * Shot (when it was sent and answered, what came back), so a case can check
 * afterwards what was answered in which window and compare it with the
 * audit trail (request ids are stored on audit events).
 */
export interface Shot {
  kind: string;
  sentAt: number;
  endedAt: number;
  /** 0: no answer (socket error, or none within the case's bound). */
  status: number;
  retryAfter: string | null;
  requestId: string | null;
  body: string;
  error?: string;
  /** Whatever the case wants to remember about this request (e.g. the token it revoked). */
  tag?: string;
}

export async function shoot(kind: string, send: (signal: AbortSignal) => Promise<Response>, boundMs: number, tag?: string): Promise<Shot> {
  const sentAt = Date.now();
  try {
    const res = await send(AbortSignal.timeout(boundMs));
    const body = await res.text();
    return { kind, sentAt, endedAt: Date.now(), status: res.status, retryAfter: res.headers.get("retry-after"), requestId: res.headers.get("x-request-id"), body, tag };
  } catch (e) {
    const error = e instanceof Error && e.name === "TimeoutError" ? `no answer within ${boundMs} ms` : e instanceof Error ? `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ""}` : String(e);
    return { kind, sentAt, endedAt: Date.now(), status: 0, retryAfter: null, requestId: null, body: "", error, tag };
  }
}

export class Load {
  readonly shots: Shot[] = [];
  private stopping = false;
  private running: Promise<void> | undefined;

  constructor(
    private readonly workers: number,
    private readonly fire: (worker: number, n: number) => Promise<Shot | null>,
  ) {}

  start() {
    this.running = Promise.all(
      Array.from({ length: this.workers }, async (_, w) => {
        for (let n = 0; !this.stopping; n++) {
          const shot = await this.fire(w, n);
          if (shot) this.shots.push(shot);
          else await sleep(20);
        }
      }),
    ).then(() => undefined);
    return this;
  }

  async stop() {
    this.stopping = true;
    await this.running;
    return this.shots;
  }

  /** Resolve once `check` holds over the shots so far; fail after `ms` (a correctness bound). */
  async until(check: (shots: Shot[]) => boolean, what: string, ms: number) {
    const deadline = Date.now() + ms;
    while (!check(this.shots)) {
      if (Date.now() > deadline) throw new Error(`not within ${ms / 1000} s: ${what}`);
      await sleep(100);
    }
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** "200×12 503×40" */
export function histogram(shots: Shot[]): string {
  const counts = new Map<string, number>();
  for (const s of shots) {
    const key = `${s.kind} ${s.status || "no-answer"}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort().map(([k, n]) => `${k}×${n}`).join(", ");
}

export const isError = (s: Shot) => s.status === 0 || s.status >= 400;
