import { describe, expect, it } from "vitest";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { db } from "../db";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { token } from "../testing/oauth-client";
import { rotateClientSecret } from "../service-accounts/rotate-client-secret";
import { deactivateServiceAccount } from "../service-accounts/set-service-account-status";
import { updateServiceAccount } from "../service-accounts/update-service-account";
import { revokeClientSecret } from "../service-accounts/revoke-client-secret";
import { CLIENT_FAILURES } from "./failure-limiter";
import { fromWebRequest } from "../http/plain-http";
import { flushPendingWork } from "../pending-work";
import { ownDatabase } from "../testing/own-database";

// Counts statements, which depend on what is remembered, so on whether the credential
// epoch (one per database) moved: on a database of its own, where no other test file moves it.
await ownDatabase();

const cc = { grant_type: "client_credentials" };

describe("POST /oauth/token", () => {
  it("issues an RFC 9068 access token with client_secret_basic and client_secret_post", async () => {
    const { org, created } = await orgWithServiceAccount();
    const basic = await token(cc, { basic: [created.clientId, created.clientSecret] });
    expect(basic.status).toBe(200);
    expect(basic.headers.get("cache-control")).toBe("no-store");
    expect(basic.headers.get("pragma")).toBe("no-cache");
    expect(basic.body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "billing:read billing:refund" });
    const jwt = basic.body.access_token as string;
    expect(decodeProtectedHeader(jwt)).toMatchObject({ typ: "at+jwt", alg: "ES256", kid: expect.any(String) });
    const claims = decodeJwt(jwt);
    expect(claims).toMatchObject({
      sub: created.clientId,
      client_id: created.clientId,
      org_id: org.id,
      aud: ["https://billing.example.com", "billing-api.example.com"],
      scope: "billing:read billing:refund",
    });
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(claims.jti).toEqual(expect.any(String));

    const post = await token({ ...cc, client_id: created.clientId, client_secret: created.clientSecret });
    expect(post.status).toBe(200);
    const issued = await db().auditEvent.count({ where: { orgId: org.id, action: "token.issued" } });
    expect(issued).toBe(2);
  });

  it("narrows scope and audience; refuses what the account does not hold", async () => {
    const { created } = await orgWithServiceAccount();
    const auth = { basic: [created.clientId, created.clientSecret] as [string, string] };
    const narrow = await token({ ...cc, scope: "billing:read", audience: "billing-api.example.com" }, auth);
    expect(narrow.body.scope).toBe("billing:read");
    expect(decodeJwt(narrow.body.access_token as string).aud).toBe("billing-api.example.com");
    const viaResource = await token({ ...cc, resource: "https://billing.example.com" }, auth);
    expect(decodeJwt(viaResource.body.access_token as string).aud).toBe("https://billing.example.com");
    expect((await token({ ...cc, scope: "billing:read admin:all" }, auth)).body.error).toBe("invalid_scope");
    expect((await token({ ...cc, audience: "https://evil.example.com" }, auth)).body.error).toBe("invalid_target");
    expect((await token({ ...cc, resource: "not-absolute" }, auth)).body.error).toBe("invalid_target");
  });

  it("follows RFC 6749 request rules", async () => {
    const { created } = await orgWithServiceAccount();
    const auth = { basic: [created.clientId, created.clientSecret] as [string, string] };
    expect((await token({ grant_type: ["client_credentials", "client_credentials"] }, auth)).body.error).toBe("invalid_request");
    expect((await token({ grant_type: "password" }, auth)).body.error).toBe("unsupported_grant_type");
    expect((await token({}, auth)).body.error).toBe("invalid_request");
    expect((await token({ ...cc, scope: "", unknown_param: "x" }, auth)).status).toBe(200); // empty = absent; unknown ignored
    const both = await token({ ...cc, client_id: created.clientId, client_secret: created.clientSecret }, auth);
    expect(both.body.error).toBe("invalid_request");
    const json = await fetchLike("application/json");
    expect(json).toBe("invalid_request");

    async function fetchLike(contentType: string) {
      const { handleTokenRequest } = await import("./token-endpoint");
      const res = await handleTokenRequest(
        fromWebRequest(new Request("http://t/oauth/token", { method: "POST", headers: { "content-type": contentType }, body: JSON.stringify(cc) })),
        { clientIp: null, userAgent: null, requestId: "x" },
      );
      return (JSON.parse(res.body!) as { error: string }).error;
    }
  });

  it("answers an unknown client and a wrong secret identically, with 401 and a Basic challenge", async () => {
    const { created } = await orgWithServiceAccount();
    // One character changed; a random secret may itself end in "x", so pick the other letter then.
    const last = created.clientSecret.at(-1) === "x" ? "y" : "x";
    const wrong = await token(cc, { basic: [created.clientId, created.clientSecret.slice(0, -1) + last], ip: "10.9.0.1" });
    const unknown = await token(cc, { basic: ["sa_nobodynobodynobody0", created.clientSecret], ip: "10.9.0.2" });
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    }
    expect(wrong.body).toEqual(unknown.body);
    const post = await token({ ...cc, client_id: created.clientId, client_secret: "tss_wrong" }, { ip: "10.9.0.3" });
    expect(post.status).toBe(401);
    expect(post.body.error).toBe("invalid_client");
  });

  it("form-urldecodes Basic credentials (RFC 6749 §2.3.1)", async () => {
    const { created } = await orgWithServiceAccount();
    const raw = `${created.clientId}:${created.clientSecret}`; // base62: encoding is the identity
    const res = await token(cc, { headers: { authorization: `Basic ${Buffer.from(raw).toString("base64")}` } });
    expect(res.status).toBe(200);
  });

  it("grace period: both secrets work until it ends, then only the new one", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const t0 = new Date();
    const rotated = await rotateClientSecret(actor, org.slug, created.clientId, { graceSeconds: 3600 }, t0);
    const inGrace = new Date(t0.getTime() + 59 * 60_000);
    const after = new Date(t0.getTime() + 60 * 60_000);
    expect((await token(cc, { basic: [created.clientId, created.clientSecret], now: inGrace })).status).toBe(200);
    expect((await token(cc, { basic: [created.clientId, rotated.clientSecret], now: inGrace })).status).toBe(200);
    expect((await token(cc, { basic: [created.clientId, created.clientSecret], now: after, ip: "10.9.1.1" })).status).toBe(401);
    expect((await token(cc, { basic: [created.clientId, rotated.clientSecret], now: after })).status).toBe(200);
  });

  it("a deactivated account gets invalid_client", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    await deactivateServiceAccount(actor, org.slug, created.clientId);
    const r = await token(cc, { basic: [created.clientId, created.clientSecret], ip: "10.9.2.1" });
    expect(r.status).toBe(401);
    expect(r.body.error).toBe("invalid_client");
    const denied = await db().auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: "token.denied" } });
    expect(denied.reason).toBe("account_disabled");
    expect(denied.metadata).not.toContain(created.clientSecret);
  });

  it("1,000 wrong secrets trip 429 at the limit, yet the right secret keeps working and a neighbour is never affected", { timeout: 120_000 }, async () => {
    const victim = await orgWithServiceAccount();
    const bystander = await orgWithServiceAccount();
    const now = new Date("2034-01-01T00:00:00Z");
    const statuses: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const r = await token(cc, { basic: [victim.created.clientId, `tss_guess${i}`], now, ip: "10.77.0.1" });
      statuses.push(r.status);
      if (r.status === 429) expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
      if (i % 100 === 0) {
        // the attacked client's neighbour on the same address is never affected
        expect((await token(cc, { basic: [bystander.created.clientId, bystander.created.clientSecret], now, ip: "10.77.0.1" })).status).toBe(200);
      }
    }
    expect(statuses.indexOf(429)).toBe(CLIENT_FAILURES.limit);
    expect(statuses.slice(CLIENT_FAILURES.limit).every((s) => s === 429)).toBe(true);
    // The secret is checked before the limit: knowing a client id cannot lock its service out.
    expect((await token(cc, { basic: [victim.created.clientId, victim.created.clientSecret], now, ip: "10.77.0.1" })).status).toBe(200);
    expect((await token(cc, { basic: [victim.created.clientId, victim.created.clientSecret], now, ip: "10.77.0.2" })).status).toBe(200);
  });

  it("updates lastUsedAt, the secret's and the grants' last use at most once a minute per credential, though the rows are remembered", async () => {
    const { created } = await orgWithServiceAccount();
    const t0 = new Date();
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const uses = async () => {
      const account = await db().serviceAccount.findUniqueOrThrow({
        where: { clientId: created.clientId },
        include: { secrets: true, scopes: { include: { scope: true } } },
      });
      const grant = (name: string) => account.scopes.find((g) => g.scope.name === name)?.lastRequestedAt?.getTime();
      return { account: account.lastUsedAt?.getTime(), secret: account.secrets[0]!.lastUsedAt?.getTime(), read: grant("billing:read"), refund: grant("billing:refund") };
    };
    const { metrics } = await import("../metrics");
    const statements = async () => (await metrics().databaseStatements.get()).values[0]?.value ?? 0;
    // Statements the issuance sent (each token here commits alone, so the rest is the same every time).
    const issue = async (now: Date, scope?: string) => {
      // What earlier tests left to flush (failure counts, on a timer) is written first, not inside the count.
      await flushPendingWork();
      const before = await statements();
      expect((await token({ ...cc, ...(scope ? { scope } : {}) }, { basic: [created.clientId, created.clientSecret], now })).status).toBe(200);
      return (await statements()) - before;
    };

    await issue(t0, "billing:read");
    await issue(at(30_000));
    // Within the minute only the grant never used before moves.
    expect(await uses()).toEqual({ account: t0.getTime(), secret: t0.getTime(), read: t0.getTime(), refund: at(30_000).getTime() });
    // The rows read at t0 (and remembered since: nothing moved the credential epoch) still
    // show no use at all; what this process wrote since keeps them from being written again.
    const remembered = async () => (await metrics().rememberedReads.get()).values.find((v) => v.labels.result === "hit")?.value ?? 0;
    const hits = await remembered();
    const quiet = await issue(at(50_000));
    // The account's rows came from memory, as read at t0.
    expect(await remembered()).toBe(hits + 1);
    expect(await uses()).toEqual({ account: t0.getTime(), secret: t0.getTime(), read: t0.getTime(), refund: at(30_000).getTime() });
    const moving = await issue(at(61_000));
    expect(await uses()).toEqual({ account: at(61_000).getTime(), secret: at(61_000).getTime(), read: at(61_000).getTime(), refund: at(30_000).getTime() });
    // Three writes (account, secret, one grant) when due, and none sent at all within the minute.
    expect(moving - quiet).toBe(3);
    await issue(at(91_000));
    expect((await uses()).refund).toBe(at(91_000).getTime());
  });

  it("sees a change to the account at the very next request, though its rows are remembered", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const auth = (secret = created.clientSecret) => ({ basic: [created.clientId, secret] as [string, string], ip: "10.9.7.1" });
    expect((await token(cc, auth())).body.scope).toBe("billing:read billing:refund");

    await updateServiceAccount(actor, org.slug, created.clientId, { scopes: ["billing:read"] });
    expect((await token(cc, auth())).body.scope).toBe("billing:read");
    expect((await token({ ...cc, scope: "billing:refund" }, auth())).body.error).toBe("invalid_scope");

    const rotated = await rotateClientSecret(actor, org.slug, created.clientId, { graceSeconds: 3600 });
    expect((await token(cc, auth(rotated.clientSecret))).status).toBe(200);
    const old = await db().clientSecret.findFirstOrThrow({ where: { serviceAccount: { clientId: created.clientId }, id: { not: rotated.secretId } } });
    await revokeClientSecret(actor, org.slug, created.clientId, old.id);
    expect((await token(cc, auth())).status).toBe(401);
    expect((await token(cc, auth(rotated.clientSecret))).status).toBe(200);

    await deactivateServiceAccount(actor, org.slug, created.clientId);
    const refused = await token(cc, auth(rotated.clientSecret));
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe("invalid_client");
  });

  it("answers an unexpected error as RFC 6749 JSON with no-store and the request id, never an HTML page (issue 10, item 17)", async () => {
    const { created } = await orgWithServiceAccount();
    // Break the account's row the way no domain function would: its audiences are not JSON.
    await db().$executeRaw`UPDATE "ServiceAccount" SET "audiences" = 'not json' WHERE "clientId" = ${created.clientId}`;
    const res = await token(cc, { basic: [created.clientId, created.clientSecret], ip: "10.9.5.1" });
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-request-id")).toBe("test");
    expect(res.body).toEqual({ error: "server_error", error_description: "An unexpected error occurred", request_id: "test" });
    expect(JSON.stringify(res.body)).not.toMatch(/JSON|SyntaxError|at /);
  });

  it("uses at most two statements per issued token once batches form (one read, a share of the group commit)", async () => {
    const { metrics } = await import("../metrics");
    const { created } = await orgWithServiceAccount();
    await token(cc, { basic: [created.clientId, created.clientSecret], ip: "10.9.6.1" }); // keys and lastUsedAt settled
    const statements = async () => (await metrics().databaseStatements.get()).values[0]?.value ?? 0;
    const before = await statements();
    const n = 50;
    const results = await Promise.all(Array.from({ length: n }, () => token(cc, { basic: [created.clientId, created.clientSecret], ip: "10.9.6.1" })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    // Other test files share neither this process's counter (each runs in its own fork) nor its database.
    expect((await statements()) - before).toBeLessThanOrEqual(2 * n);
  });
});

