// bench:handlers' child: the real token handler of this tree, in a process of
// its own on the test database, answering waves as the driver asks.
import { fork } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { orgWithServiceAccount } from "../../lib/testing/service-account-fixtures";
import { testDbProvider } from "../../lib/testing/scratch-database";

const root = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "handler-ab-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Wave {
  cpuUs: number;
  wallUs: number;
  wrong: number;
}

/** Starts the child on `job`, runs one wave, and stops it. */
async function oneWave(job: object, calls: number, concurrency: number): Promise<Wave> {
  const jobFile = join(dir, `job-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(jobFile, JSON.stringify(job));
  const child = fork(join(root, "scripts", "bench", "handler-ab-child.mjs"), [], {
    execArgv: ["--import", "tsx"],
    cwd: root,
    env: { ...process.env, TESSERA_SKIP_DOTENV: "1", TESSERA_LOG_LEVEL: "silent", HANDLER_AB_ROOT: root, HANDLER_AB_JOB: jobFile },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    const messages: unknown[] = [];
    const next = () =>
      new Promise<unknown>((resolve, reject) => {
        if (messages.length) return resolve(messages.shift());
        child.once("message", () => resolve(messages.shift()));
        child.once("exit", (code) => reject(new Error(`child exited (${code})`)));
      });
    child.on("message", (m) => messages.push(m));
    expect(await next()).toEqual({ ready: true });
    child.send({ calls, concurrency });
    return (await next()) as Wave;
  } finally {
    child.kill();
  }
}

describe(`bench:handlers' child (${testDbProvider()})`, () => {
  it("runs the tree's token handler on the database it is given, concurrently, and counts wrong answers", async () => {
    const { created } = await orgWithServiceAccount();
    const job = {
      method: "POST",
      path: "/oauth/token",
      url: "http://127.0.0.1:3400",
      expect: '"access_token"',
      items: [{ authorization: `Basic ${Buffer.from(`${created.clientId}:${created.clientSecret}`).toString("base64")}`, body: "grant_type=client_credentials" }],
    };
    const right = await oneWave(job, 20, 5);
    expect(right.wrong).toBe(0);
    expect(right.cpuUs).toBeGreaterThan(0);
    expect(right.wallUs).toBeGreaterThan(0);

    // Answers the job does not expect are counted, not hidden: here every one.
    expect((await oneWave({ ...job, expect: "no such answer" }, 10, 5)).wrong).toBe(10);
    const wrongSecret = { ...job, items: [{ ...job.items[0], authorization: `Basic ${Buffer.from(`${created.clientId}:nope`).toString("base64")}` }] };
    expect((await oneWave(wrongSecret, 10, 5)).wrong).toBe(10);
  }, 60_000);
});
