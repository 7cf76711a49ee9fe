// Benchmark tooling, not product code: one source tree's OAuth handler,
// called in this process as the route handlers and Tessera's server call it
// (no HTTP), for handler-ab.mjs. Run with `node --import tsx`, with
// HANDLER_AB_ROOT (the tree), HANDLER_AB_JOB (a job file of `npm run bench`)
// and the environment of the bench's Tessera (tesseraEnv) on a database of
// its own. Each message { calls, concurrency } runs one wave: `calls` calls,
// `concurrency` at a time (so token events group-commit as under load), and
// is answered with the CPU and time a call took and how many answers were
// not what the job expects. The CPU is all this process used since its last
// answer: work a wave leaves to timers (usage counts, failure windows) often
// runs while the other side's wave does, and is still this side's.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const root = process.env.HANDLER_AB_ROOT;
const job = JSON.parse(readFileSync(process.env.HANDLER_AB_JOB, "utf8"));
const { OAUTH_ROUTES } = await import(pathToFileURL(join(root, "lib", "oauth", "routes.ts")).href);
const handler = OAUTH_ROUTES[job.path];
if (!handler) throw new Error(`${root} has no handler for ${job.path}`);
const expected = job.expect ? new RegExp(job.expect) : null;

let next = 0;
function request() {
  const item = job.items[next++ % job.items.length];
  const headers = new Map([["content-type", "application/x-www-form-urlencoded"], ...(item.authorization ? [["authorization", item.authorization]] : [])]);
  return { method: job.method, header: (name) => headers.get(name), text: async () => item.body ?? "" };
}

async function call() {
  const res = await handler(request(), { clientIp: "127.0.0.1", userAgent: "handler-ab", requestId: randomUUID() });
  return res.status === 200 && (!expected || expected.test(res.body ?? ""));
}

let since = process.cpuUsage();

async function wave({ calls, concurrency }) {
  const started = performance.now();
  let wrong = 0;
  for (let done = 0; done < calls; done += concurrency) {
    const answers = await Promise.all(Array.from({ length: Math.min(concurrency, calls - done) }, call));
    wrong += answers.filter((ok) => !ok).length;
  }
  const used = process.cpuUsage(since);
  since = process.cpuUsage();
  return { cpuUs: (used.user + used.system) / calls, wallUs: ((performance.now() - started) * 1000) / calls, wrong };
}

process.on("message", (message) => {
  wave(message).then(
    (result) => process.send(result),
    (error) => process.send({ error: String(error?.stack ?? error) }),
  );
});
process.send({ ready: true });
