import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * What a stress run tried and found, per category and case: the cases
 * tried, the checks that failed (a run passes with zero), and for load and
 * fault runs the requests sent, the error answers among them (expected ones
 * included, e.g. 503s while the database is down) and the audit events
 * checked against what the clients saw.
 */
export interface CaseResult {
  name: string;
  /** Generated inputs or scenarios tried. */
  tried: number;
  requests: number;
  /** Answers >= 400 or no answer at all; expected or not (unexpected ones are also failures). */
  errors: number;
  events: number;
  failures: string[];
  notes: string[];
  skipped?: string;
  seconds: number;
}

export interface CategoryResult {
  id: string;
  title: string;
  cases: CaseResult[];
}

export class Case {
  readonly result: CaseResult;
  constructor(name: string) {
    this.result = { name, tried: 0, requests: 0, errors: 0, events: 0, failures: [], notes: [], seconds: 0 };
  }
  fail(message: string) {
    // A runaway case must not bury the rest: the first 20 failures are kept, the rest counted.
    if (this.result.failures.length < 20) this.result.failures.push(message);
    else if (this.result.failures.length === 20) this.result.failures.push("(further failures not listed)");
  }
  /** Record a check: `ok` or a failure saying `what`. */
  expect(ok: boolean, what: string) {
    if (!ok) this.fail(what);
    return ok;
  }
  note(message: string) {
    this.result.notes.push(message);
  }
  skip(reason: string) {
    this.result.skipped = reason;
  }
  add(counts: Partial<Pick<CaseResult, "tried" | "requests" | "errors" | "events">>) {
    for (const [k, v] of Object.entries(counts) as [keyof typeof counts, number][]) this.result[k] += v;
  }
}

export class Category {
  readonly result: CategoryResult;
  constructor(id: string, title: string) {
    this.result = { id, title, cases: [] };
  }
  /** Run one case; an exception is a failure of that case, never of the whole run. */
  async run(name: string, body: (c: Case) => Promise<void>): Promise<Case> {
    const c = new Case(name);
    this.result.cases.push(c.result);
    const started = Date.now();
    process.stdout.write(`  ${this.result.id}: ${name} ...\n`);
    try {
      await body(c);
    } catch (e) {
      c.fail(`aborted: ${e instanceof Error ? e.message : String(e)}`);
    }
    c.result.seconds = Math.round((Date.now() - started) / 100) / 10;
    const r = c.result;
    const verdict = r.skipped ? `skipped (${r.skipped})` : r.failures.length ? `FAILED (${r.failures.length})` : "ok";
    process.stdout.write(`  ${this.result.id}: ${name}: ${verdict}, ${r.tried} tried, ${r.requests} requests, ${r.errors} errors, ${r.events} events, ${r.seconds} s\n`);
    for (const f of r.failures) process.stdout.write(`      FAIL ${f}\n`);
    return c;
  }
}

const totals = (cases: CaseResult[]) =>
  cases.reduce(
    (t, c) => ({ tried: t.tried + c.tried, requests: t.requests + c.requests, errors: t.errors + c.errors, events: t.events + c.events, failures: t.failures + c.failures.length, skipped: t.skipped + (c.skipped ? 1 : 0) }),
    { tried: 0, requests: 0, errors: 0, events: 0, failures: 0, skipped: 0 },
  );

export function printSummary(mode: string, categories: CategoryResult[], meta: Record<string, unknown>) {
  const w = (s: string) => process.stdout.write(`${s}\n`);
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  w(`\n=== stress summary (${mode}) ===`);
  for (const cat of categories) {
    w(`\n${cat.title}`);
    w(`  ${"case".padEnd(62)} ${pad("tried", 7)} ${pad("requests", 9)} ${pad("errors", 7)} ${pad("events", 7)} ${pad("failures", 8)}`);
    for (const c of cat.cases) {
      const name = c.skipped ? `${c.name} [skipped]` : c.name;
      w(`  ${name.slice(0, 62).padEnd(62)} ${pad(c.tried, 7)} ${pad(c.requests, 9)} ${pad(c.errors, 7)} ${pad(c.events, 7)} ${pad(c.failures.length, 8)}`);
      for (const n of c.notes) w(`      - ${n}`);
      if (c.skipped) w(`      - skipped: ${c.skipped}`);
      for (const f of c.failures) w(`      ! ${f}`);
    }
    const t = totals(cat.cases);
    w(`  ${"total".padEnd(62)} ${pad(t.tried, 7)} ${pad(t.requests, 9)} ${pad(t.errors, 7)} ${pad(t.events, 7)} ${pad(t.failures, 8)}`);
  }
  const all = totals(categories.flatMap((c) => c.cases));
  w(`\n${all.failures === 0 ? "PASS" : "FAIL"}: ${all.tried} cases tried, ${all.requests} requests, ${all.errors} error answers, ${all.events} events checked, ${all.failures} failures${all.skipped ? `, ${all.skipped} skipped` : ""}`);
  for (const [k, v] of Object.entries(meta)) w(`  ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
  return all;
}

export function writeSummary(dir: string, mode: string, categories: CategoryResult[], meta: Record<string, unknown>) {
  mkdirSync(dir, { recursive: true });
  const totalsByCategory = Object.fromEntries(categories.map((c) => [c.id, totals(c.cases)]));
  const doc = { mode, ...meta, totals: totals(categories.flatMap((c) => c.cases)), totalsByCategory, categories };
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = join(dir, `stress-${mode}-${stamp}.json`);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  writeFileSync(join(dir, `stress-${mode}-latest.json`), JSON.stringify(doc, null, 2));
  return file;
}
