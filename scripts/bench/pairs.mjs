// Paired measurements of two builds taken in alternation (see handler-ab.mjs):
// which one goes first in each pair, and what the pairs say.
import { percentile } from "./window.mjs";

/** The order of pair `i`: A then B, then B then A, and so on, so neither always runs warm after the other. */
export const pairOrder = (i) => (i % 2 === 0 ? ["a", "b"] : ["b", "a"]);

/**
 * Per-pair ratios b/a and their spread, with each side's median. The ratio
 * is taken within each pair, whose two waves ran seconds apart, so a spell of
 * this machine's noise that spans both cancels out; medians (not means) keep
 * a pair that one spell split from moving the result.
 */
export function pairedRatios(a, b) {
  if (a.length !== b.length || a.length === 0) throw new Error("pairs need the same, non-zero number of measurements on each side");
  const sorted = (values) => [...values].sort((x, y) => x - y);
  const ratios = a.map((value, i) => b[i] / value);
  const r = sorted(ratios);
  return {
    pairs: a.length,
    medianA: percentile(sorted(a), 0.5),
    medianB: percentile(sorted(b), 0.5),
    ratio: { p25: percentile(r, 0.25), median: percentile(r, 0.5), p75: percentile(r, 0.75) },
    /** How many pairs had B cheaper than A. */
    bCheaper: ratios.filter((x) => x < 1).length,
    ratios,
  };
}
