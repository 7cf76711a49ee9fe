// The load generator: one autocannon run for the warm-up and one measured
// run, in a child process of its own (pinned to the other core than the
// server). It talks to the driver over IPC so that the driver can read the
// server's CPU time exactly at the edges of the measured window:
//   child -> {type: "warmed", ...}   driver reads CPU, answers "measure"
//   child -> {type: "measured", ...} driver reads CPU again
//
// The job file names the requests: every request takes the next item of
// `items` ({authorization, body}) from one counter shared by all connections,
// so the 100 connections rotate over accounts and tokens instead of each
// replaying the same sequence.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const items = job.items;
let next = 0;
const good = job.expect ? new RegExp(job.expect) : null;
const counts = { wrong: 0 };
const jtis = [];

function setupRequest(request) {
  const item = items[next++ % items.length];
  request.headers = { ...request.headers };
  if (item.authorization) request.headers.authorization = item.authorization;
  if (item.body !== undefined) request.body = item.body;
  return request;
}

// A fast wrong answer (an inactive introspection, a token response without a
// token) must not pass for throughput: 2xx bodies are checked when the job says how.
function onResponse(status, body) {
  if (status < 200 || status >= 300 || !good) return;
  if (!good.test(body)) {
    counts.wrong++;
    return;
  }
  if (job.collectJti) {
    const token = JSON.parse(body).access_token;
    const payload = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
    jtis.push(payload.jti);
  }
}

function run(seconds) {
  counts.wrong = 0;
  const startCpu = process.cpuUsage();
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration: seconds,
        timeout: job.timeout,
        requests: [
          {
            method: job.method,
            path: job.path,
            headers: job.method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {},
            setupRequest,
            ...(good ? { onResponse } : {}),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const cpu = process.cpuUsage(startCpu);
        resolve(summarize(result, (cpu.user + cpu.system) / 1000));
      },
    );
  });
}

function summarize(r, loaderCpuMs) {
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, { count }]) => [code, count]));
  return {
    seconds: r.duration,
    sent: r.requests.sent,
    completed: r.latency.totalCount,
    ok: r["2xx"],
    statuses,
    non2xx: r.non2xx,
    timeouts: r.timeouts,
    // autocannon counts a timeout as an error too; the rest are socket errors.
    socketErrors: r.errors - r.timeouts,
    resets: r.resets,
    wrong: counts.wrong,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    loaderCpuPercent: Math.round((loaderCpuMs / (r.duration * 1000)) * 100),
  };
}

const warm = job.warmup > 0 ? await run(job.warmup) : null;
process.send({ type: "warmed", result: warm, jtis: jtis.splice(0) });
await new Promise((resolve) => process.once("message", resolve));
const measured = await run(job.duration);
process.send({ type: "measured", result: measured, jtis: jtis.splice(0) }, () => process.exit(0));
