// The measured window of one load run: what answered (or failed) while the
// window was open, counted apart from what came before it (the warm-up),
// and, for the whole run, how many answers came at all. Its edges are the
// moments the load generator opens and closes it, the moments the driver
// reads the server's CPU, so both count over the same span.

/** p (0–1) of sorted values, nearest rank, as HDR histograms read it: the smallest value with at least p of all at or below it. */
export function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}

const round = (ms) => (ms === null ? null : Math.round(ms * 10) / 10);
const spread = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 0.5)), p90: round(percentile(sorted, 0.9)), p99: round(percentile(sorted, 0.99)), max: round(sorted.at(-1) ?? null) };
};

/** Events are timed in ms on one clock; open(at) and close(at) set the window's edges. */
export function measuredWindow() {
  let openedAt = null;
  let closedAt = null;
  const inside = (at) => openedAt !== null && at >= openedAt && (closedAt === null || at < closedAt);
  const latencies = [];
  const statuses = {};
  const counts = { ok: 0, non2xx: 0, timeouts: 0, socketErrors: 0, wrong: 0 };
  const run = { answered: 0, ok: 0, timeouts: 0 };
  // The first answer on each connection: how long a new connection waited (the server accepts one per turn of its event loop).
  const firstAnswers = new Map();
  return {
    open(at) {
      openedAt = at;
    },
    close(at) {
      closedAt = at;
    },
    /** An answer on `connection`: every answer counts for the run, and for the window when it came inside it. */
    answer(at, status, latencyMs, connection) {
      const ok = status >= 200 && status < 300;
      run.answered++;
      if (ok) run.ok++;
      if (!firstAnswers.has(connection)) firstAnswers.set(connection, latencyMs);
      if (!inside(at)) return;
      latencies.push(latencyMs);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (ok) counts.ok++;
      else counts.non2xx++;
    },
    /** A request that got no answer: timed out, or its connection failed. */
    error(at, timedOut) {
      if (timedOut) run.timeouts++;
      if (inside(at)) counts[timedOut ? "timeouts" : "socketErrors"]++;
    },
    /** A 2xx whose body is not the right answer. */
    wrong(at) {
      if (inside(at)) counts.wrong++;
    },
    summary() {
      return {
        seconds: openedAt !== null && closedAt !== null ? (closedAt - openedAt) / 1000 : null,
        completed: latencies.length,
        ...counts,
        statuses,
        latencyMs: spread(latencies),
        firstAnswerMs: spread(firstAnswers.values()),
        run: { ...run },
      };
    },
  };
}
