import { describe, expect, it } from "vitest";
import { createServiceAccount } from "../service-accounts/create-service-account";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { token } from "../testing/oauth-client";
import { apiAudience } from "./authenticate-bearer";
import * as scopesRoute from "@/app/api/v1/scopes/route";
import * as secretRoute from "@/app/api/v1/service-accounts/[clientId]/secrets/[secretId]/route";

type Handler = (request: Request, context?: { params?: Promise<Record<string, string>> }) => Promise<Response>;

// Found by the stress fuzzer on PostgreSQL: a NUL in a path segment or a JSON
// string reached a query, which PostgreSQL refuses, and the API answered 500.
describe("text holding a NUL character", () => {
  it("is refused as invalid input in a path and in a body, on either database", async () => {
    const { org, actor } = await orgWithServiceAccount();
    const account = await createServiceAccount(actor, org.slug, { name: "ci", scopes: ["tessera:service-accounts:write", "tessera:scopes:write"], audiences: [apiAudience()] });
    const { body } = await token({ grant_type: "client_credentials", audience: apiAudience() }, { basic: [account.clientId, account.clientSecret] });
    const call = async (handler: Handler, method: string, params: Record<string, string>, json?: unknown) => {
      const request = new Request("http://tessera.test/api/v1/x", {
        method,
        headers: { authorization: `Bearer ${String(body.access_token)}`, "content-type": "application/json" },
        body: json === undefined ? undefined : JSON.stringify(json),
      });
      const response = await handler(request, { params: Promise.resolve(params) });
      return { status: response.status, body: (await response.json()) as { error: { code: string; message: string } } };
    };
    const inPath = await call(secretRoute.DELETE as Handler, "DELETE", { clientId: "\u0000", secretId: "_" });
    expect(inPath).toMatchObject({ status: 422, body: { error: { code: "validation_failed", message: expect.stringContaining("NUL") } } });
    const inBody = await call(scopesRoute.POST as Handler, "POST", {}, { name: "jobs:\u0000run" });
    expect(inBody).toMatchObject({ status: 422, body: { error: { code: "validation_failed", message: expect.stringContaining("NUL") } } });
  });
});
