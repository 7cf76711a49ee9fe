import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "../db";
import { AuditQueueFull, drainAuditQueue, MAX_QUEUE, recordAuditEventSoon } from "../audit/audit-batcher";
import { systemActor } from "../audit/types";
import { handleMetricsRequest } from "../metrics-endpoint";
import { fromWebRequest } from "../http/plain-http";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { token } from "../testing/oauth-client";

// On SQLite the lock this file takes is the whole database's: this file gets a
// database of its own, so the other test files running meanwhile never wait on it.
let dropOwnDatabase: (() => Promise<void>) | undefined;
beforeAll(async () => {
  if (inject("testDbProvider") !== "sqlite") return;
  const { createScratchDatabase } = await import("../testing/scratch-database");
  const own = await createScratchDatabase("sqlite");
  process.env.DATABASE_URL = own.url;
  dropOwnDatabase = own.drop;
});
afterAll(async () => {
  const { disconnectDb } = await import("../db");
  await disconnectDb();
  await dropOwnDatabase?.();
});

/** Hold the lock the audit writer needs for `orgId`'s chain, from another connection, until released. */
async function holdAuditLock(orgId: string): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL!;
  if (inject("testDbProvider") === "sqlite") {
    const other = new Database(url.slice("file:".length));
    other.prepare("BEGIN IMMEDIATE").run();
    return async () => {
      other.prepare("ROLLBACK").run();
      other.close();
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("BEGIN");
  await client.query(`INSERT INTO "AuditChain" ("key", "lastSeq") VALUES ($1, 0) ON CONFLICT DO NOTHING`, [orgId]);
  await client.query(`SELECT 1 FROM "AuditChain" WHERE "key" = $1 FOR UPDATE`, [orgId]);
  return async () => {
    await client.query("ROLLBACK");
    await client.end();
  };
}

describe("bounded under overload (issue 9 item 5)", () => {
  it("answers 503 with Retry-After once the audit queue is full, and commits everything queued once the database frees up", { timeout: 60_000 }, async () => {
    const { env } = await import("../env");
    expect(env().DATABASE_URL).toBe(process.env.DATABASE_URL); // this file's own database on SQLite
    const { org, created } = await orgWithServiceAccount();
    const basic: [string, string] = [created.clientId, created.clientSecret];
    expect((await token({ grant_type: "client_credentials" }, { basic, ip: "10.60.0.1" })).status).toBe(200); // signing key in place
    const release = await holdAuditLock(org.id);
    const event = () => ({ orgId: org.id, action: "audit.exported" as const, actor: systemActor });
    const queued: Promise<void>[] = [];
    try {
      // One batch is taken out and waits on the lock; fill the queue behind it.
      queued.push(recordAuditEventSoon(event()));
      await new Promise((r) => setTimeout(r, 50));
      for (let i = 0; i < MAX_QUEUE; i++) queued.push(recordAuditEventSoon(event()));
      await expect(recordAuditEventSoon(event())).rejects.toBeInstanceOf(AuditQueueFull);
      const refused = await token({ grant_type: "client_credentials" }, { basic, ip: "10.60.0.1" });
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ error: "temporarily_unavailable" });
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await release();
    }
    await Promise.all(queued);
    await drainAuditQueue();
    expect(await db().auditEvent.count({ where: { orgId: org.id, action: "audit.exported" } })).toBe(MAX_QUEUE + 1);
    // The refused request issued nothing.
    expect(await db().auditEvent.count({ where: { orgId: org.id, action: "token.issued" } })).toBe(1);
  });
});

describe("GET /metrics (issue 9 item 7)", () => {
  const get = (authorization?: string) =>
    fromWebRequest(new Request("http://t/metrics", { headers: authorization ? { authorization } : {} }));

  it("is off unless configured, asks for the bearer token when one is set, and shows the hot paths' figures", async () => {
    const { created } = await orgWithServiceAccount();
    await token({ grant_type: "client_credentials" }, { basic: [created.clientId, created.clientSecret], ip: "10.61.0.1" });
    expect((await handleMetricsRequest(get(), { TESSERA_METRICS: "0", TESSERA_METRICS_TOKEN: undefined })).status).toBe(404);
    const settings = { TESSERA_METRICS: "1" as const, TESSERA_METRICS_TOKEN: "metrics-token-0123456789" };
    expect((await handleMetricsRequest(get(), settings)).status).toBe(401);
    expect((await handleMetricsRequest(get("Bearer wrong-token-0123456789ab"), settings)).status).toBe(401);
    const ok = await handleMetricsRequest(get("Bearer metrics-token-0123456789"), settings);
    expect(ok.status).toBe(200);
    expect(ok.headers["Content-Type"]).toMatch(/^text\/plain/);
    for (const name of ["tessera_http_requests_total", "tessera_http_request_duration_seconds_bucket", "tessera_audit_queue_depth", "tessera_audit_batch_size_bucket", "tessera_database_errors_total"]) {
      expect(ok.body).toContain(name);
    }
    expect(ok.body).toMatch(/tessera_http_requests_total\{endpoint="token",outcome="success"\} [1-9]/);
  });
});
