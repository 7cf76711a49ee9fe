import fc from "fast-check";
import type { RawRequest } from "../raw-http";
import { basicHeader, bodyPlan, buildBody, chunked, contentType, extraHeaders, FORM, forwardedFor, junkAuthorization, junkText, multipart, params, tamperedJwt, valueOr, type BodyPlan, type Pairs } from "./parts";

/** What the generators may use to make some requests valid enough to reach deep code. */
export interface FuzzContext {
  worker: { clientId: string; clientSecret: string };
  gateway: { clientId: string; clientSecret: string };
  tokens: string[];
  apiKey: string;
  audience: string;
  /** A token for the management API, when /api/v1 exists. */
  apiToken?: string;
  signIn: { actionId: string; actionKey: string; email: string; password: string };
  /** The server's own origin, as a browser on the console sends it. */
  origin: string;
}

export type Target = "token" | "introspect" | "revoke" | "api" | "sign-in";
/** `arb` with probability `p`, else null (fc.option's freq only sets how often null comes). */
const sometimes = <T>(arb: fc.Arbitrary<T>, p: number) => fc.oneof({ weight: Math.round((1 - p) * 60), arbitrary: fc.constant(null) }, { weight: Math.round(p * 60), arbitrary: arb });

export const PATHS: Record<Target, string> = { token: "/oauth/token", introspect: "/oauth/introspect", revoke: "/oauth/revoke", api: "/api/v1", "sign-in": "/sign-in" };

const method = fc.oneof(
  { weight: 20, arbitrary: fc.constant("POST") },
  { weight: 4, arbitrary: fc.constantFrom("GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "post", "TRACE") },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{1,12}$/) },
);

const query = fc.oneof(
  { weight: 6, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.array(fc.tuple(junkText, junkText), { maxLength: 3 }).map((p) => `?${new URLSearchParams(p.map(([k, v]) => [k.toWellFormed(), v.toWellFormed()]))}`) },
  { weight: 1, arbitrary: fc.constantFrom("?", "?&&=", "?a=%zz", "?client_secret=x&client_secret=y", "?%00", "?a[b]=c&a[]=d", "?grant_type=client_credentials") },
);

/**
 * Framing: usually Content-Length from the body; sometimes chunked (well
 * or badly), a length that promises more than is sent (the client then
 * gives up: half-close), or none at all.
 */
const framing = fc.oneof(
  { weight: 20, arbitrary: fc.constant("length" as const) },
  { weight: 1, arbitrary: fc.constantFrom("chunked" as const, "broken-chunked" as const, "short" as const, "none" as const) },
);

function assemble(m: string, path: string, headers: string[], body: Buffer, frame: "length" | "chunked" | "broken-chunked" | "short" | "none"): RawRequest {
  switch (frame) {
    case "chunked":
    case "broken-chunked":
      return { method: m, path, headers: [...headers, "Transfer-Encoding: chunked"], body: chunked(body, frame === "broken-chunked") };
    case "short":
      return { method: m, path, headers: [...headers, `Content-Length: ${body.length + 10}`], body, halfClose: true };
    case "none":
      return { method: m, path, headers, body: Buffer.alloc(0), autoLength: false };
    default:
      return { method: m, path, headers, body };
  }
}

/**
 * /oauth/token, /oauth/introspect and /oauth/revoke: a request that is
 * right for its endpoint, then mutated: fields dropped, repeated, given junk
 * values, unknown fields added, credentials swapped for broken ones. Most
 * requests stay close enough to valid to reach client authentication and
 * beyond, where the interesting failures live.
 */
function oauthRequest(target: "token" | "introspect" | "revoke", ctx: FuzzContext) {
  const caller = target === "introspect" ? ctx.gateway : ctx.worker;
  const token = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ctx.tokens, ctx.apiKey) }, { weight: 1, arbitrary: tamperedJwt(ctx.tokens[0]!) }, { weight: 1, arbitrary: junkText });
  const pair = (name: string, value: fc.Arbitrary<string>) => value.map((v): [string, string] => [name, v]);
  const required: fc.Arbitrary<[string, string]>[] = target === "token" ? [pair("grant_type", valueOr("client_credentials", "authorization_code"))] : [pair("token", token)];
  const optional: fc.Arbitrary<[string, string]>[] =
    target === "token"
      ? [pair("scope", valueOr("jobs:run", "tessera:introspect", "jobs:run jobs:run")), pair("audience", valueOr(ctx.audience, `${ctx.audience} https://other.example`)), pair("resource", valueOr(ctx.audience, "not a uri"))]
      : [pair("token_type_hint", valueOr("access_token", "refresh_token", "api_key"))];
  const inForm: fc.Arbitrary<[string, string]>[] = [pair("client_id", valueOr(caller.clientId, ctx.worker.clientId)), pair("client_secret", valueOr(caller.clientSecret, `${caller.clientSecret}x`))];
  const pairs = fc
    .record({
      required: fc.tuple(...required),
      optional: fc.tuple(...optional.map((a) => sometimes(a, 1 / 3))),
      credentials: sometimes(fc.tuple(...inForm), 1 / 6),
      unknown: sometimes(params({}), 1 / 6),
      mutation: fc.constantFrom("none", "none", "none", "none", "drop", "repeat", "swap"),
    })
    .map(({ required, optional, credentials, unknown, mutation }) => {
      let list: Pairs = [...required, ...optional.filter((p) => p !== null), ...(credentials ?? []), ...(unknown ?? [])];
      if (mutation === "drop") list = list.slice(1);
      if (mutation === "repeat" && list.length) list = [...list, list[0]!];
      if (mutation === "swap") list = list.map(([k, v]) => [v, k]);
      return list;
    });
  const auth = fc.oneof(
    { weight: 6, arbitrary: fc.constant(basicHeader(caller.clientId, caller.clientSecret)) },
    { weight: 1, arbitrary: fc.constant(basicHeader(caller.clientId, "tss_wrong")) },
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: junkAuthorization },
    { weight: 1, arbitrary: fc.constant(`${basicHeader(caller.clientId, caller.clientSecret)}\r\n${basicHeader(ctx.worker.clientId, "x")}`) },
  );
  // Clean requests vary only what a correct client may vary; hostile ones vary everything.
  const clean = fc.record({ m: fc.constant("POST"), q: fc.constant(""), ct: fc.constantFrom(FORM, `${FORM}; charset=UTF-8`), auth, extra: fc.array(forwardedFor, { maxLength: 1 }), pairs, plan: fc.constant<BodyPlan>({ kind: "form", how: "standard" }), frame: fc.constant("length" as const) });
  const hostile = fc.record({ m: method, q: query, ct: fc.option(contentType, { freq: 12 }), auth, extra: extraHeaders, pairs, plan: bodyPlan, frame: framing });
  return fc.oneof({ weight: 3, arbitrary: clean }, { weight: 2, arbitrary: hostile }).map(({ m, q, ct, auth, extra, pairs, plan, frame }) => {
    const headers = [...(ct !== null ? [`Content-Type: ${ct}`] : []), ...(auth ? [auth] : []), ...extra];
    return assemble(m, `${PATHS[target]}${q}`, headers, buildBody(plan, pairs), frame);
  });
}

/** /api/v1: the documented resources with fuzzed ids, methods, bodies, bearer credentials and conditional headers. */
function apiRequest(ctx: FuzzContext) {
  const segment = fc.oneof(fc.constantFrom(ctx.worker.clientId, "sa_unknown0000000000", "..", "%2e%2e", "%00", "%ZZ", "x".repeat(3000)), junkText.map((s) => encodeURIComponent(s.toWellFormed()) || "_"));
  const path = fc.oneof(
    fc.constant("/api/v1/service-accounts"),
    segment.map((s) => `/api/v1/service-accounts/${s}`),
    fc.tuple(segment, fc.constantFrom("secrets", "api-keys")).map(([s, r]) => `/api/v1/service-accounts/${s}/${r}`),
    fc.tuple(segment, fc.constantFrom("secrets", "api-keys"), segment).map(([s, r, id]) => `/api/v1/service-accounts/${s}/${r}/${id}`),
    fc.constantFrom("/api/v1/scopes", "/api/v1/audit-events", "/api/v1/change-requests", "/api/v1/openapi.json"),
    segment.map((s) => `/api/v1/scopes/${s}`),
    segment.map((s) => `/api/v1/${s}`),
  );
  const bearer = fc.oneof(
    { weight: 4, arbitrary: fc.constant(ctx.apiToken ? `Authorization: Bearer ${ctx.apiToken}` : null) },
    { weight: 1, arbitrary: fc.constantFrom(`Authorization: Bearer ${ctx.apiKey}`, `Authorization: Bearer ${ctx.tokens[0]}`, "Authorization: Bearer tak_nope", null) },
    { weight: 1, arbitrary: junkAuthorization },
  );
  const jsonBody = fc.oneof(
    fc.record({ name: junkText, description: fc.option(junkText), scopes: fc.oneof(fc.array(junkText, { maxLength: 3 }), junkText), audiences: fc.array(junkText, { maxLength: 2 }), tokenTtlSeconds: fc.oneof(fc.integer(), junkText), expiry: fc.option(fc.integer()), graceSeconds: fc.option(fc.integer()), status: fc.option(junkText) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
    fc.json({ maxDepth: 3 }),
    junkText,
    fc.integer({ min: 70_000, max: 200_000 }).map((n) => JSON.stringify({ name: "x".repeat(n) })),
  );
  const ct = fc.option(fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "application/merge-patch+json"), { freq: 6 });
  const conditional = fc.array(fc.oneof(junkText.map((s) => `Idempotency-Key: ${s.replace(/[\r\n]/g, "")}`), junkText.map((s) => `If-Match: ${s.replace(/[\r\n]/g, "")}`), fc.constant('If-Match: "*"'), fc.constant("Accept: application/x-ndjson")), { maxLength: 2 });
  const q = fc.oneof(query, fc.constantFrom("?limit=-1", "?limit=1000000", "?cursor=%00", "?cursor=eyJ4IjoxfQ", "?from=not-a-date", "?action=token.issued&limit=2"));
  return fc
    .record({ m: method, p: path, q, ct, bearer, conditional, extra: extraHeaders, body: jsonBody, frame: framing })
    .map(({ m, p, q, ct, bearer, conditional, extra, body, frame }) => {
      const headers = [...(ct ? [`Content-Type: ${ct}`] : []), ...(bearer ? [bearer] : []), ...conditional, ...extra];
      return assemble(m, `${p}${q}`, headers, Buffer.from(body), frame);
    });
}

/**
 * The sign-in form as browsers post it: without JavaScript (the form's own
 * hidden action fields, multipart or urlencoded) and as React posts it
 * (Next-Action header, the arguments encoded as FormData), with fuzzed
 * email, password and callback values, extra and repeated fields; and the
 * envelope itself broken (unknown action ids, undecodable payloads).
 */
function signInRequest(ctx: FuzzContext) {
  const { actionId, actionKey, email, password } = ctx.signIn;
  const fields = params({ email: valueOr(email, "nobody@example.test", ""), password: valueOr(password, "wrong password 123"), callbackUrl: valueOr("/", "//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)") });
  const mpaEnvelope: Pairs = [
    ["$ACTION_REF_1", ""],
    ["$ACTION_1:0", JSON.stringify({ id: actionId, bound: "$@1" })],
    ["$ACTION_1:1", JSON.stringify([{ error: "$undefined" }])],
    ["$ACTION_KEY", actionKey],
  ];
  const brokenEnvelope = fc.oneof(
    fc.constant<Pairs>([["$ACTION_ID_" + "0".repeat(42), ""]]),
    junkText.map<Pairs>((s) => [["$ACTION_REF_1", ""], ["$ACTION_1:0", s], ["$ACTION_KEY", actionKey]]),
    junkText.map<Pairs>((s) => [["$ACTION_REF_1", ""], ["$ACTION_1:0", JSON.stringify({ id: actionId, bound: "$@1" })], ["$ACTION_1:1", s]]),
  );
  const mpa = fc.record({ extra: fields, broken: fc.option(brokenEnvelope, { freq: 4 }), urlencoded: fc.boolean() }).map(({ extra, broken, urlencoded }) => {
    const pairs = [...(broken ?? mpaEnvelope), ...extra];
    return urlencoded
      ? { headers: ["Content-Type: application/x-www-form-urlencoded"], body: Buffer.from(new URLSearchParams(pairs.map(([k, v]) => [k.toWellFormed(), v.toWellFormed()])).toString()) }
      : { headers: ["Content-Type: multipart/form-data; boundary=fz"], body: multipart(pairs, "fz") };
  });
  const fetchArgs = fc.oneof(
    { weight: 4, arbitrary: fc.constant(JSON.stringify([{ error: "$undefined" }, "$K1"])) },
    { weight: 1, arbitrary: fc.constantFrom("[]", "[null,null]", '["$K1"]', '[{"error":"x"},"$K9"]', '[{},"$K1","$K1"]', "{}", "[", '"$@1"') },
    { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
  );
  const fetchStyle = fc.record({ id: fc.oneof({ weight: 5, arbitrary: fc.constant(actionId) }, { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-f]{0,44}$/) }), args: fetchArgs, extra: fields, plain: fc.boolean() }).map(({ id, args, extra, plain }) =>
    plain
      ? { headers: [`Next-Action: ${id}`, "Content-Type: text/plain;charset=UTF-8"], body: Buffer.from(args) }
      : { headers: [`Next-Action: ${id}`, "Content-Type: multipart/form-data; boundary=fz"], body: multipart([["0", args], ...extra.map(([k, v]): [string, string] => [`1_${k}`, v])], "fz") },
  );
  const other = fc.record({ ct: fc.option(contentType), plan: bodyPlan, extra: fields }).map(({ ct, plan, extra }) => ({ headers: ct !== null ? [`Content-Type: ${ct}`] : [], body: buildBody(plan, extra) }));
  return fc
    .record({ m: method, q: query, shape: fc.oneof({ weight: 3, arbitrary: mpa }, { weight: 3, arbitrary: fetchStyle }, { weight: 1, arbitrary: other }), origin: fc.option(fc.constantFrom(`Origin: ${ctx.origin}`, `Origin: ${ctx.origin}`, "Origin: null", "Origin: https://evil.example"), { freq: 4 }), extra: extraHeaders, frame: framing })
    .map(({ m, q, shape, origin, extra, frame }) => assemble(m, `/sign-in${q}`, [...shape.headers, ...(origin ? [origin] : []), ...extra], shape.body, frame));
}

export function requestArbitrary(target: Target, ctx: FuzzContext): fc.Arbitrary<RawRequest> {
  if (target === "api") return apiRequest(ctx);
  if (target === "sign-in") return signInRequest(ctx);
  return oauthRequest(target, ctx);
}
