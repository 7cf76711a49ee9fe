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
});
