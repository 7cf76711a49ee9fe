// The measured window of one load run: what answered (or failed) between two
// moments of the run, counted apart from what came before it (the warm-up)
// and, for the whole run, how many answers came at all.

/** p (0–1) of sorted values, nearest rank, as HDR histograms read it: the smallest value with at least p of all at or below it. */
export function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}

const round = (ms) => (ms === null ? null : Math.round(ms * 10) / 10);

/** Events are timed in ms from the start of the run; the window is [fromMs, toMs). */
export function measuredWindow(fromMs, toMs) {
  const inside = (at) => at >= fromMs && at < toMs;
  const latencies = [];
  const statuses = {};
  const counts = { ok: 0, non2xx: 0, timeouts: 0, socketErrors: 0, wrong: 0 };
  const run = { answered: 0, ok: 0 };
  return {
    /** An answer: every answer counts for the run, and for the window when it came inside it. */
    answer(at, status, latencyMs) {
      const ok = status >= 200 && status < 300;
      run.answered++;
      if (ok) run.ok++;
      if (!inside(at)) return;
      latencies.push(latencyMs);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (ok) counts.ok++;
      else counts.non2xx++;
    },
    /** A request that got no answer: timed out, or its connection failed. */
    error(at, timedOut) {
      if (inside(at)) counts[timedOut ? "timeouts" : "socketErrors"]++;
    },
    /** A 2xx whose body is not the right answer. */
    wrong(at) {
      if (inside(at)) counts.wrong++;
    },
    summary(seconds) {
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        seconds,
        completed: sorted.length,
        ...counts,
        statuses,
        latencyMs: { p50: round(percentile(sorted, 0.5)), p90: round(percentile(sorted, 0.9)), p99: round(percentile(sorted, 0.99)), max: round(sorted.at(-1) ?? null) },
        run: { ...run },
      };
    },
  };
}
