import type { z } from "zod";
import type { ApiScope } from "../permissions";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/**
 * One management API operation, described once: the route handler parses and
 * answers with these schemas, and the OpenAPI document is generated from the
 * same objects, so the two cannot disagree.
 */
export interface ApiOperation {
  operationId: string;
  method: HttpMethod;
  /** Below /api/v1, with {param} placeholders as OpenAPI writes them. */
  path: string;
  tag: "Service accounts" | "Client secrets" | "API keys" | "Scopes" | "Audit events" | "Change requests" | "Access reviews" | "Webhooks";
  summary: string;
  description?: string;
  /** Any one of these scopes allows the call (enforced by the domain through can()). */
  scopes: readonly ApiScope[];
  params?: Record<string, string>;
  query?: z.ZodObject;
  body?: z.ZodType;
  success: { status: 200 | 201 | 204; description: string; schema?: z.ZodType };
  /** 202: the change waits for four-eyes approval (the handler answers `{ accepted: true }`). */
  accepted?: { description: string; schema: z.ZodType };
  /** Error statuses this operation may answer besides 401, 429 and 500. */
  errors: readonly (400 | 403 | 404 | 409 | 412 | 422)[];
  /** Accepts Idempotency-Key. */
  idempotent?: boolean;
  /** Answers with an ETag. */
  etag?: boolean;
  /** Honours If-Match (412 when stale). */
  ifMatch?: boolean;
  /** Also streams `application/x-ndjson` when asked with Accept. */
  ndjson?: { description: string; schema: z.ZodType };
}

export const defineOperation = <T extends ApiOperation>(op: T) => op;
