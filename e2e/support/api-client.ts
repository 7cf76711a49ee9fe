import { createDecipheriv, hkdfSync, randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { decodeJwt, importJWK, SignJWT, type JWK } from "jose";
import { E2E_TESSERA_SECRET, e2eCliAsync } from "./prepare";

// A real HTTP client for the management API, and the CLI to seed accounts.
export const BASE = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
export const API = `${BASE}/api/v1`;
export const API_AUDIENCE = `${BASE}/api`;

export interface Account {
  clientId: string;
  clientSecret: string;
}

export async function createAccount(org: string, name: string, scopes: string[], audiences: string[] = [API_AUDIENCE], ttl = 3600): Promise<Account> {
  return (await e2eCliAsync([
    "service-accounts", "create", "--org", org, "--name", name, "--scope", scopes.join(" "), "--audience", audiences.join(" "), "--ttl", String(ttl),
  ])) as Account;
}

export async function tokenFor(account: Account, audience = API_AUDIENCE): Promise<string> {
  const response = await fetch(`${BASE}/oauth/token`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`${account.clientId}:${account.clientSecret}`).toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ grant_type: "client_credentials", audience }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!body.access_token) throw new Error(`token request failed: ${JSON.stringify(body)}`);
  return body.access_token;
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function api<T = Record<string, unknown>>(
  credential: string | null,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (credential) headers.Authorization = `Bearer ${credential}`;
  if (options.body !== undefined || options.rawBody !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${API}${path}`, {
    method,
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, body: body as T, text };
}

/**
 * A token exactly like one the server issued, signed with the server's own
 * current key, but already expired: what a pipeline holding a stale token
 * sends. The key is read from the e2e database and opened with the e2e
 * TESSERA_SECRET, the way the server opens it.
 */
export async function expiredCopyOf(token: string): Promise<string> {
  const file = process.env.E2E_DATABASE_URL!.replace(/^file:/, "");
  const db = new Database(file, { readonly: true });
  const row = db.prepare(`SELECT "kid", "alg", "privateKeyEnc" FROM "SigningKey" WHERE "retiredAt" IS NULL AND "activatesAt" <= ? ORDER BY "activatesAt" DESC LIMIT 1`).get(new Date().toISOString().replace("Z", "+00:00")) as {
    kid: string; alg: string; privateKeyEnc: string;
  };
  db.close();
  const raw = Buffer.from(row.privateKeyEnc, "base64url");
  const key = Buffer.from(hkdfSync("sha256", E2E_TESSERA_SECRET, "tessera", "signing-key-encryption-v1", 32));
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  const jwk = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8")) as JWK;
  const claims = decodeJwt(token);
  const past = Math.floor(Date.now() / 1000) - 7200;
  return new SignJWT({ ...claims, jti: randomUUID(), iat: past, exp: past + 600 })
    .setProtectedHeader({ alg: row.alg, kid: row.kid, typ: "at+jwt" })
    .sign(await importJWK(jwk, row.alg));
}

export { e2eCliAsync as cli };
