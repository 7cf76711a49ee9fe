// The load generator: one autocannon run whose first `warmup` seconds warm
// the server up and whose last `duration` seconds are measured, in a child
// process of its own (pinned to the other core than the server). It talks to
// the driver over IPC so that the driver reads the server's CPU time at the
// moments the window opens and closes, the same moments that bound the
// answers counted in it (window.mjs):
//   child -> {type: "opened"}   driver reads CPU
//   child -> {type: "closed"}   driver reads CPU again
//   child -> {type: "measured", result, jtis} once autocannon has stopped
//
// One run, not a warm-up run and a measured run: the same connections carry
// both, as a gateway's or a load balancer's keep-alive connections would.
// Two runs opened 100 new connections at the start of every measured window,
// and Node's libuv accepts one connection per turn of the event loop: on a
// saturated server a turn lasts tens of milliseconds, so many of the new
// connections waited long for their first answer, longest at the slowest
// server. That cost is still reported, apart: `firstAnswerMs`, the first
// answer on each of the run's new connections.
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
const window = measuredWindow();
const now = () => performance.now();

function setupRequest(request) {
  const item = items[next++ % items.length];
  request.headers = { ...request.headers };
  if (item.authorization) request.headers.authorization = item.authorization;
  if (item.body !== undefined) request.body = item.body;
  return request;
}

// A fast wrong answer (an inactive introspection, a token response without a
// token) must not pass for throughput: 2xx bodies are checked when the job
// says how, and a wrong one is not counted in req/s (processes.mjs).
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

// The window's edges: each marks the window, reads the loader's own CPU and tells the driver, which reads the server's.
let cpuAtOpen;
let loaderCpu;
const open = () => {
  window.open(now());
  cpuAtOpen = process.cpuUsage();
  process.send({ type: "opened" });
};
const close = () => {
  if (loaderCpu) return;
  window.close(now());
  loaderCpu = process.cpuUsage(cpuAtOpen);
  process.send({ type: "closed" });
};
let closeTimer;
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
  instance.on("response", (client, status, bytes, latencyMs) => window.answer(now(), status, latencyMs, client));
  // autocannon 9 reports a timeout as this error (run.js onTimeout); the run's own count checks it below.
  instance.on("reqError", (error) => window.error(now(), error.message === "request timed out"));
  setTimeout(open, job.warmup * 1000);
  closeTimer = setTimeout(close, (job.warmup + job.duration) * 1000);
});
// autocannon stops on its own timer: should it come first, the window closes now.
clearTimeout(closeTimer);
close();

const summary = window.summary();
if (summary.run.timeouts !== result.timeouts) {
  throw new Error(`counted ${summary.run.timeouts} timeouts, autocannon ${result.timeouts}: its timeout error is no longer "request timed out"`);
}
process.send(
  {
    type: "measured",
    result: {
      ...summary,
      // The whole run, warm-up included: for the self-check, and the requests abandoned at its end.
      run: { ...summary.run, sent: result.requests.sent, resets: result.resets },
      loaderCpuPercent: Math.round(((loaderCpu.user + loaderCpu.system) / 1000 / (summary.seconds * 1000)) * 100),
    },
    jtis,
  },
  () => process.exit(0),
);
