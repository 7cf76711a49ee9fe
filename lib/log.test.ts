import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("accessLog", () => {
  it("loses no line of a burst when the process exits at once, and writes whole JSON lines", async () => {
    const script = `
      import { accessLog } from "./lib/log.ts";
      for (let i = 0; i < 2000; i++) accessLog().info({ i, route: "/oauth/token", status: 200 }, "request");
      process.exit(0);`;
    const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: process.cwd(),
      env: { ...process.env, NODE_ENV: "production", TESSERA_LOG_LEVEL: "info" },
      maxBuffer: 16 * 1024 * 1024,
    });
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as { i: number; msg: string });
    expect(lines.map((l) => l.i)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    expect(new Set(lines.map((l) => l.msg))).toEqual(new Set(["request"]));
  });

  it("writes a quiet server's lone line within about a second, without waiting for more", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", `import { accessLog } from "./lib/log.ts"; accessLog().info({ lone: true }, "request"); setTimeout(() => {}, 10_000);`], {
      cwd: process.cwd(),
      env: { ...process.env, NODE_ENV: "production", TESSERA_LOG_LEVEL: "info" },
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.once("data", (d: Buffer) => resolve(d.toString()));
        setTimeout(() => reject(new Error("no line within 5 s")), 5_000);
      });
      expect(JSON.parse(line)).toMatchObject({ lone: true, msg: "request" });
    } finally {
      child.kill();
    }
  });

  it("does not pile up waits on a stream a slow reader keeps busy", async () => {
    // The parent never reads the child's stdout, so the pipe fills and stays full
    // while the periodic flush runs three times.
    const script = `
      import pino from "pino";
      import { accessLog } from "./lib/log.ts";
      const logger = accessLog();
      for (let i = 0; i < 5000; i++) logger.info({ i, pad: "x".repeat(100) }, "request");
      setTimeout(() => {
        process.stderr.write(JSON.stringify({ drainWaits: logger[pino.symbols.streamSym].listenerCount("drain") }) + "\\n");
        process.exit(0);
      }, 3_500);`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: process.cwd(),
      env: { ...process.env, NODE_ENV: "production", TESSERA_LOG_LEVEL: "info" },
    });
    child.stdout.pause();
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise((resolve) => child.once("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no report within 10 s: ${stderr}`)), 10_000);
      child.stderr.on("data", () => stderr.includes("drainWaits") && (clearTimeout(timer), resolve()));
    });
    child.stdout.resume();
    await exited;
    const report = JSON.parse(stderr.slice(stderr.indexOf("{")).split("\n")[0]!) as { drainWaits: number };
    expect(report.drainWaits).toBeLessThanOrEqual(1);
  }, 20_000);
});
