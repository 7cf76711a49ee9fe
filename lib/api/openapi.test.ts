import { describe, expect, it, vi } from "vitest";
import { validate } from "@readme/openapi-parser";
import { AUDIT_ACTIONS } from "../audit/catalog";
import { AppError } from "../errors";
import { buildOpenApiDocument } from "./openapi";
import { errorResponse } from "./errors";
import { NoCredentialError } from "./authenticate-bearer";
import { createServiceAccountBody, toCreateInput } from "./schemas/service-accounts";

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1, with the audit catalog as its action enum and both security schemes", async () => {
    const doc = buildOpenApiDocument("https://tessera.example.com");
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(doc.components.schemas.AuditAction).toMatchObject({ type: "string", enum: [...AUDIT_ACTIONS] });
    expect(doc.components.securitySchemes.accessToken.flows.clientCredentials.tokenUrl).toBe("https://tessera.example.com/oauth/token");
    expect(doc.servers).toEqual([{ url: "https://tessera.example.com/api/v1" }]);
  });

  it("documents request bodies from the domain's schemas: the scope-token pattern, the lifetime bounds, no extra fields", () => {
    const doc = buildOpenApiDocument("https://tessera.example.com");
    const body = (doc.paths["/service-accounts"] as { post: { requestBody: { content: { "application/json": { schema: { properties: Record<string, Record<string, unknown>>; additionalProperties: unknown } } } } } }).post
      .requestBody.content["application/json"].schema;
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.tokenTtlSeconds).toMatchObject({ minimum: 60, maximum: 86400 });
    expect(body.properties.scopes).toMatchObject({ type: "array", items: { pattern: expect.stringContaining("x21") } });
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(["audiences", "audience", "expiry"]));
  });
});

describe("the API's error envelope", () => {
  it("keeps a known error's code and safe message, and hides an unknown error's text behind a request id", async () => {
    const known = errorResponse(new AppError("validation_failed", "name: Enter a name", { internal: "secret internals", fieldErrors: { name: ["Enter a name"] } }), "req-9");
    expect(known.status).toBe(422);
    expect(await known.json()).toEqual({ error: { code: "validation_failed", message: "name: Enter a name", details: { requestId: "req-9", fields: { name: ["Enter a name"] } } } });

    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const unknown = errorResponse(new Error("connection to db.internal:5432 failed with password hunter2"), "req-10");
    const text = await unknown.text();
    expect(unknown.status).toBe(500);
    expect(JSON.parse(text)).toMatchObject({ error: { code: "internal", details: { requestId: "req-10" } } });
    expect(text).not.toContain("hunter2");
    expect(log).toHaveBeenCalledWith(expect.stringContaining("req-10"), expect.any(Error));
    log.mockRestore();

    const unauthenticated = errorResponse(new AppError("unauthenticated", "no"), "r");
    expect(unauthenticated.headers.get("www-authenticate")).toBe('Bearer realm="tessera", error="invalid_token"');
    // RFC 6750 §3.1: no error code when the request carried no credential at all.
    expect(errorResponse(new NoCredentialError(), "r").headers.get("www-authenticate")).toBe('Bearer realm="tessera"');
  });
});

describe("Scalekit-style create bodies", () => {
  const parse = (body: unknown) => toCreateInput(createServiceAccountBody.parse(body));

  it("map audience (string or list) and expiry onto audiences and tokenTtlSeconds", () => {
    expect(parse({ name: "a", audience: ["x.example.com"], expiry: 3600 })).toMatchObject({ audiences: ["x.example.com"], tokenTtlSeconds: 3600 });
    expect(parse({ name: "a", audience: "x.example.com" })).toMatchObject({ audiences: ["x.example.com"], tokenTtlSeconds: undefined });
    expect(parse({ name: "a", audiences: ["y.example.com"], tokenTtlSeconds: 60 })).toMatchObject({ audiences: ["y.example.com"], tokenTtlSeconds: 60 });
  });

  it("refuse a field given under both names, and unknown fields", () => {
    expect(() => parse({ name: "a", audience: "x.example.com", audiences: ["y.example.com"] })).toThrowError(expect.objectContaining({ code: "validation_failed" }));
    expect(() => parse({ name: "a", expiry: 60, tokenTtlSeconds: 60 })).toThrowError(expect.objectContaining({ code: "validation_failed" }));
    expect(createServiceAccountBody.safeParse({ name: "a", workspace_id: "ws" }).success).toBe(false);
  });
});
