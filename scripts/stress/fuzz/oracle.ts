import type { RawOutcome, RawRequest, RawResponse } from "../raw-http";
import type { Target } from "./requests";

/**
 * What every fuzz answer must satisfy (issue 13, item 3):
 * - no 5xx, except 503 with a Retry-After of whole seconds (the overload answer);
 * - no stack trace or internal error text in any body;
 * - errors in their documented shape: RFC 6749 §5.2 JSON on /oauth/*, the
 *   `{ "error": { "code", "message", "details" } }` envelope on /api/v1.
 *
 * Requests Node's HTTP parser refuses (a malformed head, oversized headers)
 * never reach a route: they get Node's bare 400/431 without our request id,
 * and are counted apart as "refused by the HTTP parser".
 */
export type Verdict = { ok: true; kind: "parser" | "answered" | "gave-up" } | { ok: false; problems: string[] };

const OAUTH_ERRORS = new Set(["invalid_request", "invalid_client", "invalid_grant", "invalid_scope", "invalid_target", "unauthorized_client", "unsupported_grant_type", "unsupported_token_type", "server_error", "temporarily_unavailable"]);
/** RFC 6749 §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E. */
const DESCRIPTION = /^[\x20-\x21\x23-\x5B\x5D-\x7E]*$/;
const STACK_TRACE = /\n\s+at [^\n]*\(?[^\n]*:\d+:\d+|\bat (?:async )?[\w$.<>]+ \((?:file:|node:|\/)|node_modules\/|webpack-internal:|\.tsx?:\d+:\d+|(?:Type|Reference|Syntax|Range)Error:|PrismaClient\w*Error|SQLITE_[A-Z]+|invalid byte sequence|ECONNREFUSED|Internal Server Error/;

export function judge(target: Target, req: RawRequest, outcome: RawOutcome): Verdict {
  if ("noAnswer" in outcome) {
    // A client that stopped mid-body (half-close) may get no answer; anyone else must.
    return req.halfClose ? { ok: true, kind: "gave-up" } : { ok: false, problems: [`no answer: ${outcome.noAnswer}`] };
  }
  const res = outcome.response;
  const problems: string[] = [];
  const fromParser = !res.headers["x-request-id"] && [400, 413, 431, 505].includes(res.status) && res.body.length === 0;
  if (res.status >= 500 && !(res.status === 503 && /^\d+$/.test(res.headers["retry-after"] ?? ""))) {
    problems.push(`status ${res.status}${res.status === 503 ? " without Retry-After" : ""}`);
  }
  if (STACK_TRACE.test(res.body)) problems.push(`internal error text in the body: ${excerpt(res.body.match(STACK_TRACE)![0])}`);
  if (fromParser) return problems.length ? { ok: false, problems } : { ok: true, kind: "parser" };
  const hasBody = req.method.toUpperCase() !== "HEAD" && res.status !== 204 && res.status !== 304;
  if (target === "token" || target === "introspect" || target === "revoke") problems.push(...oauthShape(target, res, hasBody));
  if (target === "api" && res.status >= 400 && hasBody) problems.push(...apiShape(res));
  return problems.length ? { ok: false, problems } : { ok: true, kind: "answered" };
}

function oauthShape(target: Target, res: RawResponse, hasBody: boolean): string[] {
  if (res.status >= 300 && res.status < 400) return [`redirect ${res.status} from an OAuth endpoint`];
  if (res.status < 300) {
    if (!hasBody) return [];
    if (target === "revoke") return res.body === "" ? [] : [`revocation 200 with a body: ${excerpt(res.body)}`];
    const body = parseJson(res.body);
    if (target === "token" && !(isObject(body) && typeof body.access_token === "string" && body.token_type === "Bearer")) return [`token 200 without an access token: ${excerpt(res.body)}`];
    if (target === "introspect" && !(isObject(body) && typeof body.active === "boolean")) return [`introspection 200 without "active": ${excerpt(res.body)}`];
    return [];
  }
  const problems: string[] = [];
  if (!/no-store/.test(res.headers["cache-control"] ?? "")) problems.push(`error ${res.status} without Cache-Control: no-store`);
  if (!hasBody) return problems;
  if (!/^application\/json\b/.test(res.headers["content-type"] ?? "")) problems.push(`error ${res.status} as ${res.headers["content-type"] ?? "no content type"}: ${excerpt(res.body)}`);
  const body = parseJson(res.body);
  if (!isObject(body)) return [...problems, `error ${res.status} body is not a JSON object: ${excerpt(res.body)}`];
  if (typeof body.error !== "string" || !OAUTH_ERRORS.has(body.error)) problems.push(`error ${res.status} with error=${JSON.stringify(body.error)}`);
  if (body.error_description !== undefined && !(typeof body.error_description === "string" && DESCRIPTION.test(body.error_description))) problems.push(`error_description outside RFC 6749's characters: ${excerpt(String(body.error_description))}`);
  const extra = Object.keys(body).filter((k) => !["error", "error_description", "error_uri", "request_id"].includes(k));
  if (extra.length) problems.push(`error ${res.status} with unexpected members ${extra.join(", ")}`);
  if (res.status === 405 && !res.headers.allow) problems.push("405 without Allow");
  return problems;
}

function apiShape(res: RawResponse): string[] {
  const body = parseJson(res.body);
  const error = isObject(body) ? body.error : undefined;
  if (!/^application\/json\b/.test(res.headers["content-type"] ?? "") || !isObject(error) || typeof error.code !== "string" || typeof error.message !== "string" || !isObject(error.details)) {
    return [`/api/v1 error ${res.status} not in the { error: { code, message, details } } envelope: ${excerpt(res.body)}`];
  }
  return [];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
const excerpt = (s: string) => JSON.stringify(s.length > 160 ? `${s.slice(0, 160)}…` : s);

/** A request as a reviewer can read and replay it (bodies cut at 300 bytes). */
export function describeRequest(req: RawRequest): string {
  const body = req.body.length > 300 ? `${JSON.stringify(req.body.subarray(0, 300).toString("latin1"))}… (${req.body.length} bytes)` : JSON.stringify(req.body.toString("latin1"));
  const headers = req.headers.map((h) => (h.length > 200 ? `${JSON.stringify(h.slice(0, 200))}… (${h.length} chars)` : JSON.stringify(h)));
  return `${req.method} ${req.path.length > 200 ? `${req.path.slice(0, 200)}…` : req.path} [${headers.join(", ")}] body ${body}${req.halfClose ? " (then half-closed)" : ""}`;
}
