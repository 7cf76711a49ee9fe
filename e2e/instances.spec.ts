import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { basic, eventually, form, postgresDeployment, type Deployment } from "./support/instances";

// Two real instances on one PostgreSQL, as behind a load balancer: state that
// matters (revocation, deactivation, brute-force counts, the audit chain) is
// shared through the database, never only in one process.
test.describe.configure({ mode: "serial" });

const PORT_A = Number(process.env.E2E_PORT ?? 3100) + 10;
const PORT_B = PORT_A + 1;
const ORG = "instances";
type Created = { clientId: string; clientSecret: string };

let deployment: Deployment;
let a: { base: string };
let b: { base: string };
let worker: Created;
let gateway: Created;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  deployment = await postgresDeployment("instances");
  await deployment.cli(["orgs", "create", "--slug", ORG, "--name", "Instances"]);
  await deployment.cli(["scopes", "create", "jobs:run", "--org", ORG]);
  worker = (await deployment.cli(["service-accounts", "create", "--org", ORG, "--name", "worker", "--scope", "jobs:run", "--audience", "https://jobs.example.com"])) as Created;
  gateway = (await deployment.cli(["service-accounts", "create", "--org", ORG, "--name", "gateway", "--scope", "tessera:introspect", "--audience", "https://gw.example.com"])) as Created;
  [a, b] = await Promise.all([deployment.start(PORT_A), deployment.start(PORT_B)]);
});

test.afterAll(async () => {
  await deployment?.stop();
});

const issue = async (base: string, who: Created) => form(base, "/oauth/token", basic(who.clientId, who.clientSecret), { grant_type: "client_credentials" });
const activeAt = async (base: string, token: string) =>
  ((await (await form(base, "/oauth/introspect", basic(gateway.clientId, gateway.clientSecret), { token })).json()) as { active: boolean }).active;

test("a token issued by instance A introspects at instance B, and a revocation at A is seen at B", async () => {
  const { access_token } = (await (await issue(a.base, worker)).json()) as { access_token: string };
  expect(await activeAt(b.base, access_token)).toBe(true);
  expect((await form(a.base, "/oauth/revoke", basic(worker.clientId, worker.clientSecret), { token: access_token })).status).toBe(200);
  await eventually(async () => !(await activeAt(b.base, access_token)), "instance B sees the revocation made at A");
});

test("the brute-force limit is shared: failures split across both instances trip it at each", async () => {
  const victim = (await deployment.cli(["service-accounts", "create", "--org", ORG, "--name", "victim", "--scope", "jobs:run", "--audience", "https://jobs.example.com"])) as Created;
  const wrong = (base: string) => form(base, "/oauth/token", basic(victim.clientId, "tss_wrong"), { grant_type: "client_credentials" }).then((r) => r.status);
  // 30 at each instance: below the per-client limit (50) at either alone, above it together.
  for (let i = 0; i < 30; i++) expect(await wrong(a.base)).toBe(401);
  for (let i = 0; i < 30; i++) expect([401, 429]).toContain(await wrong(b.base));
  await eventually(async () => (await wrong(a.base)) === 429 && (await wrong(b.base)) === 429, "both instances refuse the 61st failure with 429");
  // The right secret still works at both: limits count failures only.
  expect((await issue(a.base, victim)).status).toBe(200);
  expect((await issue(b.base, victim)).status).toBe(200);
});

test("the audit chain stays verifiable with both instances writing under load", async () => {
  const statuses = await Promise.all(Array.from({ length: 400 }, (_, i) => issue(i % 2 ? a.base : b.base, worker).then((r) => r.status)));
  expect(statuses.every((s) => s === 200)).toBe(true);
  const verdict = (await deployment.cli(["audit", "verify", "--org", ORG])) as { ok: boolean; checked: number };
  expect(verdict.ok).toBe(true);
  expect(verdict.checked).toBeGreaterThan(400);
});

test("deactivation at one place is seen by both instances without a restart, and old tokens stay dead after reactivation", async () => {
  const { access_token } = (await (await issue(b.base, worker)).json()) as { access_token: string };
  await deployment.cli(["service-accounts", "deactivate", worker.clientId, "--org", ORG]);
  for (const base of [a.base, b.base]) {
    await eventually(async () => (await issue(base, worker)).status === 401, `${base} refuses tokens to the deactivated account`);
    await eventually(async () => !(await activeAt(base, access_token)), `${base} reports the earlier token inactive`);
  }
  await deployment.cli(["service-accounts", "activate", worker.clientId, "--org", ORG]);
  await eventually(async () => (await issue(a.base, worker)).status === 200, "the reactivated account gets tokens again");
  expect(await activeAt(b.base, access_token)).toBe(false);
});

test("SIGTERM under load: in-flight requests finish and no issued token lacks its event", async () => {
  test.setTimeout(150_000);
  const drained = (await deployment.cli(["service-accounts", "create", "--org", ORG, "--name", "drained", "--scope", "jobs:run", "--audience", "https://jobs.example.com"])) as Created;
  const c = await deployment.start(PORT_B + 1);
  let ok = 0;
  let stopped = false;
  const answers = new Map<number, number>();
  // Eight clients keep requests in flight until the server goes away.
  const clients = Array.from({ length: 8 }, async () => {
    while (!stopped) {
      const status = await issue(c.base, drained).then((r) => r.status, () => 0);
      answers.set(status, (answers.get(status) ?? 0) + 1);
      if (status === 200) ok++;
      else if (status === 0) return;
    }
  });
  await eventually(async () => ok >= 100, "the load is under way", 60_000).catch((e: Error) => {
    throw new Error(`${e.message}; answers by status: ${JSON.stringify(Object.fromEntries(answers))}`);
  });
  c.child.kill("SIGTERM");
  expect(await c.exited).toBe(0);
  stopped = true;
  await Promise.all(clients);
  const [row] = await deployment.sql<{ n: string }>(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action" = 'token.issued' AND "actorId" = $1`, [drained.clientId]);
  expect(Number(row!.n)).toBe(ok);
});

test("the console runs in a process of its own; if it dies, the server stops too instead of answering 502 for ever", async () => {
  const d = await deployment.start(PORT_B + 2);
  const { execFileSync } = await import("node:child_process");
  const children = execFileSync("ps", ["--ppid", String(d.child.pid), "-o", "pid=,args="], { encoding: "utf8" }).trim().split("\n");
  const consoleProcess = children.find((line) => line.includes("console-worker.mjs"));
  expect(consoleProcess, "a console process beside the server").toBeTruthy();
  // The hot paths and the console both answer through the one port.
  expect((await issue(d.base, worker)).status).toBe(200);
  expect((await fetch(`${d.base}/sign-in`)).status).toBe(200);
  process.kill(Number(consoleProcess!.trim().split(/\s+/)[0]), "SIGKILL");
  expect(await d.exited).not.toBe(0);
});

test("if the server dies, its console process stops too instead of living on unreachable", async () => {
  const d = await deployment.start(PORT_A + 5); // +14 is the webhook restart spec's
  const { execFileSync } = await import("node:child_process");
  const children = execFileSync("ps", ["--ppid", String(d.child.pid), "-o", "pid=,args="], { encoding: "utf8" }).trim().split("\n");
  const consolePid = Number(children.find((line) => line.includes("console-worker.mjs"))?.trim().split(/\s+/)[0]);
  expect(consolePid, "a console process beside the server").toBeGreaterThan(0);
  expect((await fetch(`${d.base}/sign-in`)).status).toBe(200);
  d.child.kill("SIGKILL");
  await d.exited;
  // Gone, or a zombie waiting for whoever inherited it to reap it.
  const alive = () => {
    try {
      const stat = readFileSync(`/proc/${consolePid}/stat`, "utf8");
      return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
    } catch {
      return false;
    }
  };
  await eventually(async () => !alive(), "the console process exits once its server is gone", 30_000);
});
