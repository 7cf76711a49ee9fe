import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { cliActor } from "@/lib/audit/types";
import { approveChangeRequest } from "@/lib/change-requests/approve-change-request";
import { createServiceAccount } from "@/lib/service-accounts/create-service-account";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { updateOrganizationSettings } from "@/lib/orgs/update-organization-settings";
import { token } from "@/lib/testing/oauth-client";
import { orgWithApproval, scopesOf } from "@/lib/testing/approval-fixtures";
import { apiAudience } from "@/lib/api/authenticate-bearer";
import * as accounts from "@/app/api/v1/service-accounts/route";
import * as account from "@/app/api/v1/service-accounts/[clientId]/route";
import * as apiKeys from "@/app/api/v1/service-accounts/[clientId]/api-keys/route";
import * as scope from "@/app/api/v1/scopes/[name]/route";
import * as list from "@/app/api/v1/change-requests/route";
import * as one from "@/app/api/v1/change-requests/[id]/route";
import * as approve from "@/app/api/v1/change-requests/[id]/approve/route";
import * as reject from "@/app/api/v1/change-requests/[id]/reject/route";
import * as withdraw from "@/app/api/v1/change-requests/[id]/withdraw/route";

type Handler = (request: Request, context?: { params?: Promise<Record<string, string>> }) => Promise<Response>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Call a route handler as Next.js would, with a Bearer credential. */
async function call(handler: Handler, credential: string, options: { params?: Record<string, string>; body?: unknown; method?: string } = {}) {
  const request = new Request("http://tessera.test/api/v1/x", {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers: { authorization: `Bearer ${credential}`, ...(options.body === undefined ? {} : { "content-type": "application/json" }) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  return { status: response.status, body: (await response.json()) as Json };
}

async function bearerFor(orgSlug: string, name: string, scopes: string[]) {
  const created = await createServiceAccount(cliActor(), orgSlug, { name, scopes, audiences: [apiAudience()] });
  const { body } = await token({ grant_type: "client_credentials" }, { basic: [created.clientId, created.clientSecret] });
  return { ...created, token: String(body.access_token) };
}

/** Approval on; a pipeline with write, an approver machine, and a reader with only audit:read. */
async function setup() {
  const fixture = await orgWithApproval({ approval: false });
  const slug = fixture.org.slug;
  const writer = await bearerFor(slug, "pipeline", ["tessera:service-accounts:write", "tessera:scopes:write"]);
  const approver = await bearerFor(slug, "approver-bot", ["tessera:change-requests:approve"]);
  const auditor = await bearerFor(slug, "auditor", ["tessera:audit:read"]);
  await updateOrganizationSettings(fixture.owner, slug, { requireApproval: true });
  return { ...fixture, writer, approver, auditor };
}

describe("the management API under four-eyes approval", () => {
  it("answers 202 with the pending request for a change that needs approval, and 201 with the secret for a create", async () => {
    const { writer, account: target } = await setup();
    const patched = await call(account.PATCH, writer.token, { method: "PATCH", params: { clientId: target.clientId }, body: { scopes: ["billing:read", "billing:write"], grantForSeconds: 3600 } });
    expect(patched.status).toBe(202);
    expect(patched.body).toEqual({ changeRequest: expect.objectContaining({ id: expect.stringMatching(/^cr_/), status: "pending", kind: "update_service_account", grantForSeconds: 3600 }) });
    expect(patched.body.changeRequest.requestedBy).toEqual({ type: "service_account", label: "pipeline" });
    expect(await scopesOf(target.clientId)).toEqual(["billing:read"]);

    const created = await call(accounts.POST, writer.token, { body: { name: "payouts", scopes: ["billing:read", "billing:write"], audiences: ["https://pay.example.com"] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "payouts", scopes: ["billing:read"], clientSecret: expect.stringMatching(/^tss_/), changeRequest: { status: "pending", kind: "grant_scopes" } });

    const key = await call(apiKeys.POST, writer.token, { params: { clientId: created.body.clientId }, body: { name: "all-scopes" } });
    expect(key.status).toBe(201); // payouts holds only billing:read so far: nothing high-risk to carry

    const flag = await call(scope.PATCH, writer.token, { method: "PATCH", params: { name: "billing:write" }, body: { highRisk: false } });
    expect(flag).toMatchObject({ status: 202, body: { changeRequest: { kind: "update_scope", status: "pending" } } });

    const page = await call(list.GET, writer.token);
    expect(page.status).toBe(200);
    expect(page.body.items.map((r: Json) => r.kind)).toEqual(["update_scope", "grant_scopes", "update_service_account"]);
    expect(JSON.stringify(page.body)).not.toContain("credentialHash");
  });

  it("an approver machine approves (200, applied) and rejects (200, with a comment); an API key carrying a high-risk scope answers 202", async () => {
    const { writer, approver, owner, org, account: target } = await setup();
    const asked = await call(account.PATCH, writer.token, { method: "PATCH", params: { clientId: target.clientId }, body: { scopes: ["billing:read", "billing:write"] } });
    const id = asked.body.changeRequest.id;
    const approved = await call(approve.POST, approver.token, { params: { id } });
    expect(approved).toMatchObject({ status: 200, body: { id, status: "approved", decidedBy: { type: "service_account", label: "approver-bot" } } });
    expect(await scopesOf(target.clientId)).toEqual(["billing:read", "billing:write"]);
    expect(await call(one.GET, writer.token, { params: { id } })).toMatchObject({ status: 200, body: { id, status: "approved" } });

    const key = await call(apiKeys.POST, writer.token, { params: { clientId: target.clientId }, body: { name: "writer-key", scopes: ["billing:write"] } });
    expect(key.status).toBe(202);
    expect(key.body).toMatchObject({ apiKey: expect.stringMatching(/^tak_/), name: "writer-key", changeRequest: { kind: "create_api_key", status: "pending" } });
    const rejected = await call(reject.POST, approver.token, { params: { id: key.body.changeRequest.id }, body: { comment: "use a narrower key" } });
    expect(rejected).toMatchObject({ status: 200, body: { status: "rejected", comment: "use a narrower key" } });
    await expect(createApiKey(owner, org.slug, target.clientId, { name: "reader", scopes: ["billing:read"] })).resolves.not.toHaveProperty("changeRequest");
  });

  it("403 without the approve scope, or for the requester itself; the requester withdraws", async () => {
    const { writer, auditor, owner, account: target, org } = await setup();
    const asked = await call(account.PATCH, writer.token, { method: "PATCH", params: { clientId: target.clientId }, body: { scopes: ["billing:read", "billing:write"] } });
    const id = asked.body.changeRequest.id;
    const noScope = await call(approve.POST, writer.token, { params: { id } });
    expect(noScope).toMatchObject({ status: 403, body: { error: { code: "forbidden", message: expect.stringContaining("tessera:change-requests:approve") } } });
    expect((await call(list.GET, auditor.token)).status).toBe(403);
    expect((await call(reject.POST, auditor.token, { params: { id }, body: {} })).status).toBe(403);

    // The same service account through an API key is the same requester.
    const both = await bearerFor(org.slug, "both", []);
    for (const name of ["tessera:service-accounts:write", "tessera:change-requests:approve"]) {
      await db().serviceAccountScope.create({ data: { serviceAccount: { connect: { clientId: both.clientId } }, scope: { connect: { orgId_name: { orgId: org.id, name } } } } });
    }
    const fresh = await token({ grant_type: "client_credentials" }, { basic: [both.clientId, both.clientSecret] });
    const own = await call(account.PATCH, String(fresh.body.access_token), { method: "PATCH", params: { clientId: target.clientId }, body: { scopes: ["billing:read", "billing:write", "tessera:introspect"] } });
    // The key carries a high-risk scope, so it waits too: the OWNER approves it.
    const keyOfBoth = await createApiKey(cliActor(), org.slug, both.clientId, { name: "k", scopes: ["tessera:change-requests:approve"] });
    await approveChangeRequest(owner, org.slug, keyOfBoth.changeRequest!.id);
    const viaKey = await call(approve.POST, keyOfBoth.apiKey, { params: { id: own.body.changeRequest.id } });
    expect(viaKey).toMatchObject({ status: 403, body: { error: { message: expect.stringMatching(/someone else must approve/) } } });

    expect(await call(withdraw.POST, auditor.token, { params: { id } })).toMatchObject({ status: 403 });
    expect(await call(withdraw.POST, writer.token, { params: { id } })).toMatchObject({ status: 200, body: { status: "withdrawn" } });
  });

  it("another organisation's request is 404 on every route", async () => {
    const a = await setup();
    const b = await setup();
    const asked = await call(account.PATCH, a.writer.token, { method: "PATCH", params: { clientId: a.account.clientId }, body: { scopes: ["billing:read", "billing:write"] } });
    const id = asked.body.changeRequest.id;
    for (const [handler, credential, body] of [
      [one.GET, b.writer.token, undefined],
      [approve.POST, b.approver.token, undefined],
      [reject.POST, b.approver.token, {}],
      [withdraw.POST, b.writer.token, undefined],
    ] as const) {
      const answer = await call(handler, credential, { params: { id }, body, method: handler === one.GET ? "GET" : "POST" });
      expect(answer).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    }
    expect((await call(list.GET, b.writer.token)).body.items.map((r: Json) => r.id)).not.toContain(id);
    expect(await scopesOf(a.account.clientId)).toEqual(["billing:read"]);
  });
});
