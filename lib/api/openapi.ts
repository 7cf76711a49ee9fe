import { z } from "zod";
import { AUDIT_CATALOG, AUDIT_ACTIONS } from "../audit/catalog";
import { API_SCOPE_CAPABILITIES } from "../permissions";
import { RESERVED_SCOPES } from "../scopes/reserved-scopes";
import { apiErrorSchema } from "./errors";
import { API_OPERATIONS } from "./operations";
import type { ApiOperation } from "./operation";

type JsonSchema = Record<string, unknown>;
type Io = "input" | "output";

const ERROR_TEXT: Record<number, string> = {
  400: "Malformed request (the body is not a JSON object, a bad header)",
  401: "No valid credential: missing, malformed, expired, revoked, another audience, or a deactivated account",
  403: "The credential's scopes do not allow this",
  404: "Not found in the caller's organisation (another organisation's ids answer the same)",
  409: "Conflicts with the current state (a taken name, two valid secrets, already revoked)",
  412: "If-Match names a version that is no longer current",
  422: "Well-formed input that breaks a field's rules; details.fields says which",
  429: "Too many failed authentications; see Retry-After",
  500: "Unexpected failure; details.requestId is in the server log",
};

/**
 * Zod → JSON Schema 2020-12 (OpenAPI 3.1's dialect). Two things JSON cannot
 * express are described by what a JSON client sends: a preprocessed list
 * (the CLI may send "a b" as text) as its list, a coerced date as a
 * date-time string.
 */
function toSchema(schema: z.ZodType, io: Io, defs: Record<string, JsonSchema>): JsonSchema {
  const json = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    override: (ctx) => {
      const def = ctx.zodSchema._zod.def as { type: string; in?: { _zod: { def: { type: string } } }; out?: z.ZodType };
      if (def.type === "date") Object.assign(ctx.jsonSchema, { type: "string", format: "date-time" });
      if (io === "input" && def.type === "pipe" && def.in?._zod.def.type === "transform" && def.out) {
        const out = toSchema(def.out, io, defs);
        for (const key of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as JsonSchema)[key];
        Object.assign(ctx.jsonSchema, out);
      }
    },
  }) as JsonSchema;
  const { $defs, $schema: _dialect, ...rest } = json as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [id, def] of Object.entries($defs ?? {})) defs[id] ??= relink(def) as JsonSchema;
  return relink(rest) as JsonSchema;
}

/** $defs references become component references. */
function relink(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relink);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === "$ref" && typeof v === "string" ? v.replace("#/$defs/", "#/components/schemas/") : relink(v)]),
    );
  }
  return value;
}

/** A schema with an id is a component: the operation refers to it. */
function component(schema: z.ZodType, io: Io, defs: Record<string, JsonSchema>): JsonSchema {
  const id = (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;
  const json = toSchema(schema, io, defs);
  if (!id) return json;
  defs[id] ??= json;
  return { $ref: `#/components/schemas/${id}` };
}

function parameters(op: ApiOperation, defs: Record<string, JsonSchema>) {
  const out: JsonSchema[] = Object.entries(op.params ?? {}).map(([name, description]) => ({ name, in: "path", required: true, description, schema: { type: "string" } }));
  if (op.query) {
    const json = toSchema(op.query, "input", defs) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = schema;
      const list = rest.type === "array" ? { style: "form", explode: false } : {};
      out.push({ name, in: "query", required: json.required?.includes(name) ?? false, ...(description ? { description } : {}), ...list, schema: rest });
    }
  }
  if (op.idempotent) {
    out.push({ name: "Idempotency-Key", in: "header", required: false, description: "Retry-safe create: the same key and body within 24 h replay the first response (secret included); another body is 422", schema: { type: "string", maxLength: 255 } });
  }
  if (op.ifMatch) {
    out.push({ name: "If-Match", in: "header", required: false, description: "The ETag of your read; a stale one answers 412. Without it the change applies.", schema: { type: "string" } });
  }
  if (op.ndjson) {
    out.push({ name: "Accept", in: "header", required: false, description: "application/x-ndjson streams every matching event as JSON Lines", schema: { type: "string" } });
  }
  return out;
}

function operation(op: ApiOperation, defs: Record<string, JsonSchema>) {
  const success: JsonSchema = { description: op.success.description };
  const headers: JsonSchema = { "Cache-Control": { schema: { type: "string", const: "no-store" } } };
  if (op.etag) headers.ETag = { description: "The resource's version, for If-Match", schema: { type: "string" } };
  if (op.idempotent) headers["Idempotent-Replayed"] = { description: "true when this is the stored first response", schema: { type: "string" } };
  success.headers = headers;
  if (op.success.schema) {
    success.content = { "application/json": { schema: component(op.success.schema, "output", defs) } };
    if (op.ndjson) {
      (success.content as JsonSchema)["application/x-ndjson"] = { schema: component(op.ndjson.schema, "output", defs) };
      success.description = `${op.success.description}; with Accept: application/x-ndjson, ${op.ndjson.description.toLowerCase()}`;
    }
  }
  const responses: JsonSchema = { [String(op.success.status)]: success };
  if (op.accepted) {
    responses["202"] = {
      description: op.accepted.description,
      headers: { "Cache-Control": headers["Cache-Control"] },
      content: { "application/json": { schema: component(op.accepted.schema, "output", defs) } },
    };
  }
  for (const status of [...op.errors, 401, 429, 500].sort()) responses[String(status)] = { $ref: `#/components/responses/Error${status}` };
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    security: op.scopes.flatMap((scope) => [{ accessToken: [scope] }, { apiKey: [scope] }]),
    parameters: parameters(op, defs),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: component(op.body, "input", defs) } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of /api/v1, generated from the operations' zod schemas. */
export function buildOpenApiDocument(issuer: string) {
  const defs: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) (paths[op.path] ??= {})[op.method.toLowerCase()] = operation(op, defs);
  component(apiErrorSchema, "output", defs);
  const apiScopes = Object.fromEntries(
    Object.keys(API_SCOPE_CAPABILITIES).map((s) => [s, RESERVED_SCOPES.find((r) => r.name === s)?.description ?? s]),
  );
  defs.AuditAction = {
    type: "string",
    enum: [...AUDIT_ACTIONS],
    description: "The audit catalog: every action Tessera records",
    "x-tessera-catalog": Object.fromEntries(AUDIT_ACTIONS.map((a) => [a, { description: AUDIT_CATALOG[a].description, highRisk: AUDIT_CATALOG[a].highRisk }])),
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Tessera management API",
      version: "1",
      description:
        "Provision service accounts, credentials and scopes, read the audit trail, and decide change requests, from pipelines. Authenticate with a Tessera access token whose audience is `{issuer}/api`, or an API key; the organisation is the credential's own.",
    },
    servers: [{ url: `${issuer}/api/v1` }],
    tags: [...new Set(API_OPERATIONS.map((op) => op.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: defs,
      responses: Object.fromEntries(
        Object.entries(ERROR_TEXT).map(([status, description]) => [
          `Error${status}`,
          { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
        ]),
      ),
      securitySchemes: {
        accessToken: {
          type: "oauth2",
          description: `client_credentials at ${issuer}/oauth/token with audience=${issuer}/api; send the token as Authorization: Bearer eyJ…`,
          flows: { clientCredentials: { tokenUrl: `${issuer}/oauth/token`, scopes: apiScopes } },
        },
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: `An API key (tak_…) of a service account that lists the audience ${issuer}/api; its scopes decide`,
        },
      },
    },
  };
}
export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
