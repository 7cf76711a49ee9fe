import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { basic, type SqliteDeployment } from "../../e2e/support/instances";

/** What the stress cases need to know about a deployment: the CLI, and whether it is PostgreSQL. */
export type AnyDeployment = Pick<SqliteDeployment, "cli" | "start" | "stop" | "env" | "databaseUrl">;
export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export const ROOT = join(import.meta.dirname, "..", "..");
export const AUDIENCE = "https://jobs.example.com";
export const OWNER = { email: "owner@stress.example.test", password: "stress owner password 1" };

/** Whether the management API is part of this build (it may land after this suite). */
export const hasManagementApi = () => existsSync(join(ROOT, "app", "api", "v1"));

/** The first owner, an organisation and a scope, through the real CLI. */
export async function seedOrganisation(d: AnyDeployment, org: string) {
  await d.cli(["setup", "--org-slug", org, "--org-name", `Stress ${org}`, "--admin-email", OWNER.email, "--admin-password", OWNER.password]);
  await d.cli(["scopes", "create", "jobs:run", "--org", org]);
}

export async function createAccount(d: AnyDeployment, org: string, name: string, scopes = "jobs:run", audience = AUDIENCE): Promise<Credentials> {
  return (await d.cli(["service-accounts", "create", "--org", org, "--name", name, "--scope", scopes, "--audience", audience])) as Credentials;
}

export const tokenRequest = (base: string, who: Credentials, extra: Record<string, string> = {}, signal?: AbortSignal) =>
  fetch(`${base}/oauth/token`, {
    method: "POST",
    signal,
    headers: { authorization: basic(who.clientId, who.clientSecret), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", ...extra }).toString(),
  });

export async function issueToken(base: string, who: Credentials, extra: Record<string, string> = {}): Promise<string> {
  const res = await tokenRequest(base, who, extra);
  if (res.status !== 200) throw new Error(`token request answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The claims of a JWT, unverified (the stress cases compare them with the audit trail). */
export function claimsOf(jwt: string): { jti: string; iat: number; exp: number; client_id: string } {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString());
}

/** The sign-in form's Server Action id and key, read from the page as a browser without JavaScript would. */
export async function signInAction(base: string) {
  const html = await (await fetch(`${base}/sign-in`)).text();
  const id = /name="\$ACTION_1:0" value="\{&quot;id&quot;:&quot;([0-9a-f]+)&quot;/.exec(html)?.[1];
  const key = /name="\$ACTION_KEY" value="([^"]+)"/.exec(html)?.[1];
  if (!id || !key) throw new Error("the sign-in page has no progressive-enhancement form (Server Action id not found)");
  return { actionId: id, actionKey: key };
}

/** Sign in through the form without JavaScript; resolves to the session cookie ("name=value"). */
export async function signInCookie(base: string, email = OWNER.email, password = OWNER.password): Promise<string> {
  const { actionId, actionKey } = await signInAction(base);
  const body = new FormData();
  body.set("$ACTION_REF_1", "");
  body.set("$ACTION_1:0", JSON.stringify({ id: actionId, bound: "$@1" }));
  body.set("$ACTION_1:1", JSON.stringify([{ error: "$undefined" }]));
  body.set("$ACTION_KEY", actionKey);
  body.set("callbackUrl", "/");
  body.set("email", email);
  body.set("password", password);
  const res = await fetch(`${base}/sign-in`, { method: "POST", body, redirect: "manual", headers: { origin: base } });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("tessera.session="));
  if (!cookie) throw new Error(`sign-in answered ${res.status} without a session cookie`);
  return cookie.split(";")[0]!;
}

/**
 * Read-only SQL against a deployment's database, PostgreSQL or SQLite alike
 * (`$1`-style parameters), for comparing what clients saw with what was stored.
 */
export async function query<T>(d: AnyDeployment, text: string, values: unknown[] = []): Promise<T[]> {
  if (d.databaseUrl.startsWith("file:")) {
    const file = d.databaseUrl.slice("file:".length);
    const sqlite = new Database(file, { readonly: true, fileMustExist: true });
    try {
      sqlite.pragma("busy_timeout = 10000");
      // $n may repeat; SQLite's ? is positional, so each occurrence gets its value.
      const order = [...text.matchAll(/\$(\d+)/g)].map((m) => values[Number(m[1]) - 1]);
      return sqlite.prepare(text.replace(/\$\d+/g, "?")).all(...order) as T[];
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: d.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** `tessera audit verify` through the real CLI. */
export async function verifyChain(d: AnyDeployment, org: string): Promise<{ ok: boolean; checked: number; firstBrokenSeq: number | null }> {
  try {
    return (await d.cli(["audit", "verify", "--org", org])) as { ok: boolean; checked: number; firstBrokenSeq: number | null };
  } catch (e) {
    // A broken chain exits 1 and still prints its verdict.
    const stdout = (e as { stdout?: string }).stdout;
    if (stdout?.trim().startsWith("{")) return JSON.parse(stdout);
    throw e;
  }
}
