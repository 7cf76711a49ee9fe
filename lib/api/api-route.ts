import type { z } from "zod";
import { AppError } from "../errors";
import { requestContextFrom } from "../http/request-context";
import { parseInput } from "../validation";
import { runIdempotent } from "../idempotency/run-idempotent";
import { authenticateBearer, type ApiCaller } from "./authenticate-bearer";
import { errorResponse } from "./errors";
import type { ApiOperation } from "./operation";

export interface ApiRequest<Q, B> extends ApiCaller {
  params: Record<string, string>;
  query: Q;
  body: B;
  /** Versions from If-Match, quotes and W/ removed; undefined when absent (a PATCH without If-Match is allowed). */
  ifMatch: string[] | undefined;
  request: Request;
}

/**
 * What a handler returns: a JSON body for the operation's success status
 * (or, with `accepted`, for its 202: the change waits for approval), or a
 * whole Response (streams).
 */
export type ApiResult = { body?: unknown; version?: string; accepted?: boolean } | Response;

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

const NO_STORE = "no-store";

/** A JSON body, or 400 when the request does not carry one. */
async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return text.trim() ? JSON.parse(text) : {};
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON");
  }
}

function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of new Set(url.searchParams.keys())) out[key] = url.searchParams.getAll(key).join(",");
  return out;
}

const parseIfMatch = (header: string | null) =>
  header ? header.split(",").map((v) => v.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1")).filter(Boolean) : undefined;

/**
 * The management API's adapter around one domain call: authenticate the
 * bearer, parse path, query and body with the operation's schemas (422 with
 * field errors; 400 for a body that is not JSON), apply Idempotency-Key,
 * run, parse the answer through the output schema (no hash or internal
 * field can leave), and turn any failure into the error envelope.
 */
export function apiRoute<Op extends ApiOperation>(
  op: Op,
  handle: (req: ApiRequest<Parsed<Op["query"]>, Parsed<Op["body"]>>) => Promise<ApiResult>,
) {
  return async (request: Request, context?: { params?: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    const ctx = requestContextFrom(request.headers);
    try {
      const caller = await authenticateBearer(request, ctx, new Date());
      const raw = (await context?.params) ?? {}; // a route without dynamic segments has none
      const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      const url = new URL(request.url);
      const query = (op.query ? parseInput(op.query, queryObject(url)) : undefined) as Parsed<Op["query"]>;
      const json = op.body ? await readJson(request) : undefined;
      if (op.body && (typeof json !== "object" || json === null || Array.isArray(json))) throw new AppError("bad_request", "The request body must be a JSON object");
      const body = (op.body ? parseInput(op.body, json) : undefined) as Parsed<Op["body"]>;
      const req = { ...caller, params, query, body, ifMatch: op.ifMatch ? parseIfMatch(request.headers.get("if-match")) : undefined, request };

      const run = async () => {
        const result = await handle(req);
        if (result instanceof Response) return { status: -1, body: result };
        if (result.accepted && op.accepted) return { status: 202, body: op.accepted.schema.parse(result.body) };
        const output = op.success.schema ? op.success.schema.parse(result.body) : undefined;
        return { status: op.success.status, body: output, headers: result.version && op.etag ? { ETag: `"${result.version}"` } : undefined };
      };
      const key = op.idempotent ? request.headers.get("idempotency-key") : null;
      const answer = key
        ? await runIdempotent({ orgId: caller.actor.grant.orgId, principal: `${caller.actor.type}:${caller.actor.id}`, key, request: { method: op.method, path: url.pathname, body: json } }, run)
        : { ...(await run()), replayed: false };
      if (answer.body instanceof Response) return answer.body;
      const headers: Record<string, string> = { "Cache-Control": NO_STORE, "X-Request-Id": ctx.requestId, ...answer.headers };
      if (answer.replayed) headers["Idempotent-Replayed"] = "true";
      return answer.status === 204 ? new Response(null, { status: 204, headers }) : Response.json(answer.body, { status: answer.status, headers });
    } catch (e) {
      return errorResponse(e, ctx.requestId);
    }
  };
}
