import { describe, expect, it } from "vitest";
import { createServiceAccount } from "../service-accounts/create-service-account";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { token } from "../testing/oauth-client";
import { apiAudience } from "./authenticate-bearer";
import { startAccessReview } from "../access-reviews/start-access-review";
import { createWebhookEndpoint } from "../webhooks/create-webhook-endpoint";
import * as reviewsRoute from "@/app/api/v1/access-reviews/route";
import * as reviewRoute from "@/app/api/v1/access-reviews/[id]/route";
import * as decisionsRoute from "@/app/api/v1/access-reviews/[id]/decisions/route";
import * as closeRoute from "@/app/api/v1/access-reviews/[id]/close/route";
import * as webhooksRoute from "@/app/api/v1/webhooks/route";
import * as webhookRoute from "@/app/api/v1/webhooks/[id]/route";
import * as secretRoute from "@/app/api/v1/webhooks/[id]/secret/route";
import * as testRoute from "@/app/api/v1/webhooks/[id]/test/route";
import * as deliveriesRoute from "@/app/api/v1/webhooks/[id]/deliveries/route";

type Handler = (request: Request, context?: { params?: Promise<Record<string, string>> }) => Promise<Response>;

async function automation(scopes: string[]) {
  const fixture = await orgWithServiceAccount();
  const account = await createServiceAccount(fixture.actor, fixture.org.slug, { name: "ci", scopes, audiences: [apiAudience()] });
  const { body } = await token({ grant_type: "client_credentials", audience: apiAudience() }, { basic: [account.clientId, account.clientSecret] });
  const bearer = String(body.access_token);
  const call = async (handler: Handler, params: Record<string, string> = {}, init: { method?: string; body?: unknown } = {}) => {
    const response = await handler(
      new Request("http://tessera.test/api/v1/x", {
        method: init.method ?? "GET",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      }),
      { params: Promise.resolve(params) },
    );
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, text };
  };
  return { ...fixture, call };
}

describe("management API: access reviews and webhooks", () => {
  it("runs a campaign: start, read, decide, close; the removed scope is invalid_scope afterwards", async () => {
    const { call, created } = await automation(["tessera:service-accounts:write"]);
    const started = await call(reviewsRoute.POST, {}, { method: "POST" });
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    const review = await call(reviewRoute.GET, { id });
    expect(review.status).toBe(200);
    const account = review.body.accounts.find((a: { clientId: string }) => a.clientId === created.clientId);
    const refund = account.grants.find((g: { scope: string }) => g.scope === "billing:refund");
    expect(JSON.stringify(review.body)).not.toContain(created.clientSecret);
    expect((await call(decisionsRoute.POST, { id }, { method: "POST", body: { itemId: refund.itemId, decision: "remove" } })).body).toEqual({ itemId: refund.itemId, decision: "remove", changed: true });
    expect((await call(decisionsRoute.POST, { id }, { method: "POST", body: { itemId: refund.itemId, decision: "drop" } })).status).toBe(422);
    expect((await call(closeRoute.POST, { id }, { method: "POST" })).body).toMatchObject({ removed: 1 });
    expect((await call(closeRoute.POST, { id }, { method: "POST" })).status).toBe(409);
    const denied = await token({ grant_type: "client_credentials", scope: "billing:refund" }, { basic: [created.clientId, created.clientSecret] });
    expect(denied.body.error).toBe("invalid_scope");
    expect((await call(reviewsRoute.GET)).body.items).toMatchObject([{ id, status: "closed", remove: 1 }]);
  });

  it("a read-only credential reads campaigns but cannot start one or manage webhooks", async () => {
    const { call } = await automation(["tessera:audit:read"]);
    expect((await call(reviewsRoute.GET)).status).toBe(200);
    expect((await call(reviewsRoute.POST, {}, { method: "POST" })).status).toBe(403);
    expect((await call(webhooksRoute.GET)).status).toBe(403);
  });

  it("creates an endpoint with its secret once, never lets the API allow private targets, and logs deliveries", async () => {
    const { call } = await automation(["tessera:service-accounts:write"]);
    const created = await call(webhooksRoute.POST, {}, { method: "POST", body: { url: "https://hooks.example.com/in", events: ["credential.expiring"] } });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const listed = await call(webhooksRoute.GET);
    expect(listed.body.items).toMatchObject([{ id: created.body.id, events: ["credential.expiring"], enabled: true }]);
    expect(listed.text).not.toContain(created.body.secret.slice(6));
    expect((await call(webhooksRoute.POST, {}, { method: "POST", body: { url: "http://127.0.0.1/x", allowPrivate: true } })).status).toBe(422);
    expect((await call(webhooksRoute.POST, {}, { method: "POST", body: { url: "http://169.254.169.254/latest" } })).status).toBe(422);
    expect((await call(webhookRoute.PATCH, { id: created.body.id }, { method: "PATCH", body: { allowPrivate: true } })).status).toBe(422);
    const queued = await call(testRoute.POST, { id: created.body.id }, { method: "POST" });
    expect(queued.status).toBe(200);
    expect((await call(deliveriesRoute.GET, { id: created.body.id })).body.items).toMatchObject([{ messageId: queued.body.messageId, type: "webhook.test", status: "pending" }]);
    const rotated = await call(secretRoute.POST, { id: created.body.id }, { method: "POST" });
    expect(rotated.status).toBe(201);
    expect((await call(webhookRoute.PATCH, { id: created.body.id }, { method: "PATCH", body: { enabled: false } })).body).toMatchObject({ enabled: false });
    expect((await call(webhookRoute.DELETE, { id: created.body.id }, { method: "DELETE" })).status).toBe(204);
  });

  it("another organisation's campaign and endpoint answer 404 on every route", async () => {
    const theirs = await orgWithServiceAccount();
    const review = await startAccessReview(theirs.actor, theirs.org.slug);
    const endpoint = await createWebhookEndpoint(theirs.actor, theirs.org.slug, { url: "https://hooks.example.com/theirs" });
    const { call } = await automation(["tessera:service-accounts:write", "tessera:audit:read"]);
    const id = review.id;
    for (const [what, answer] of [
      ["GET review", await call(reviewRoute.GET, { id })],
      ["decide", await call(decisionsRoute.POST, { id }, { method: "POST", body: { itemId: "x", decision: "keep" } })],
      ["close", await call(closeRoute.POST, { id }, { method: "POST" })],
      ["PATCH webhook", await call(webhookRoute.PATCH, { id: endpoint.id }, { method: "PATCH", body: { enabled: false } })],
      ["DELETE webhook", await call(webhookRoute.DELETE, { id: endpoint.id }, { method: "DELETE" })],
      ["rotate", await call(secretRoute.POST, { id: endpoint.id }, { method: "POST" })],
      ["test", await call(testRoute.POST, { id: endpoint.id }, { method: "POST" })],
      ["deliveries", await call(deliveriesRoute.GET, { id: endpoint.id })],
    ] as const) {
      expect(answer.status, what).toBe(404);
      expect(answer.body, what).toMatchObject({ error: { code: "not_found" } });
    }
  });
});
