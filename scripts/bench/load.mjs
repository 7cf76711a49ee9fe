// The load generator: one autocannon run whose first `warmup` seconds warm
// the server up and whose last `duration` seconds are measured, in a child
// process of its own (pinned to the other core than the server). It talks to
// the driver over IPC so that the driver can read the server's CPU time at
// the edges of the measured window:
//   child -> {type: "warmed", ...}   the window opens: driver reads CPU
//   child -> {type: "measured", ...} the window has closed: driver reads CPU again
//
// One run, not a warm-up run and a measured run: the same connections carry
// both, as a gateway's or a load balancer's keep-alive connections would.
// Two runs opened 100 new connections at the start of the measured window,
// and Node's libuv accepts one connection per turn of the event loop: on a
// saturated server a turn lasts tens of milliseconds, so half of the new
// connections waited up to seconds for their first answer, in the window,
// for every server alike (see measuredWindow).
//
// The job file names the requests: every request takes the next item of
// `items` ({authorization, body}) from one counter shared by all connections,
// so the 100 connections rotate over accounts and tokens instead of each
// replaying the same sequence.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { measuredWindow } from "./window.mjs";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const items = job.items;
let next = 0;
const good = job.expect ? new RegExp(job.expect) : null;
const jtis = [];
const warmupMs = job.warmup * 1000;
let startedAt = 0;
const window = measuredWindow(warmupMs, warmupMs + job.duration * 1000);
const now = () => performance.now() - startedAt;

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
    window.wrong(now());
    return;
  }
  if (job.collectJti) {
    const token = JSON.parse(body).access_token;
    const payload = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
    jtis.push(payload.jti);
  }
}

const startCpu = { at: 0, usage: process.cpuUsage() };
const result = await new Promise((resolve, reject) => {
  const instance = autocannon(
    {
      url: job.url,
      connections: job.connections,
      duration: job.warmup + job.duration,
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
    (error, r) => (error ? reject(error) : resolve(r)),
  );
  startedAt = performance.now();
  instance.on("response", (client, status, bytes, latencyMs) => window.answer(now(), status, latencyMs));
  instance.on("reqError", (error) => window.error(now(), error.message === "request timed out"));
  const open = () => {
    Object.assign(startCpu, { at: performance.now(), usage: process.cpuUsage() });
    process.send({ type: "warmed", jtis: jtis.splice(0) });
  };
  if (warmupMs > 0) setTimeout(open, warmupMs);
  else open();
});

const cpu = process.cpuUsage(startCpu.usage);
const summary = window.summary(job.duration);
const seconds = (performance.now() - startCpu.at) / 1000;
process.send(
  {
    type: "measured",
    result: {
      ...summary,
      // The whole run, warm-up included: for the self-check and the requests abandoned at its end.
      run: { ...summary.run, sent: result.requests.sent },
      resets: result.resets,
      loaderCpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100),
    },
    jtis: jtis.splice(0),
  },
  () => process.exit(0),
);
