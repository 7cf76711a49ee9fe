import fc from "fast-check";
import { gzipSync } from "node:zlib";

/**
 * The pieces fuzz requests are made of: strings a careless or hostile client
 * sends (unicode, NUL and control characters, broken percent-encoding, huge
 * values), header lines (duplicated, malformed, oversized, framework-internal)
 * and bodies (every content type, encoding and framing).
 */

/** Text of every kind: ASCII, any unicode (lone surrogates included), controls, and long runs. */
export const junkText = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 40 }) },
  { weight: 6, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 4, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom("\u0000", "a\u0000b", "\r\n", "%", "%zz", "%C3%28", "%00", "+", "=", "&", "..", "../../etc/passwd", "' OR 1=1 --", "${jndi:x}", "{{7*7}}", "<script>", "\uFEFF", "\uD800", "NaN", "-1", "1e309", "null", "[]", "{}") },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("A", "é", "\u0000", "%", "𝔘"), fc.integer({ min: 500, max: 8_000 })).map(([c, n]) => c.repeat(n)) },
);

/** A value that is sometimes right for its field, otherwise junk. */
export const valueOr = (...good: string[]) => (good.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...good) }, { weight: 2, arbitrary: junkText }) : junkText);

/** A parameter list with repeats and unknown names: [name, value][]. */
export function params(fields: Record<string, fc.Arbitrary<string>>) {
  const named = Object.entries(fields).map(([name, value]) => fc.tuple(fc.constant(name), value));
  const unknown = fc.tuple(junkText, junkText);
  const pair = named.length ? fc.oneof({ weight: 6, arbitrary: fc.oneof(...named) }, { weight: 1, arbitrary: unknown }) : unknown;
  return fc.array(pair, { maxLength: 8 });
}

export type Pairs = [string, string][];

/** Encode pairs as a form body: correctly, or with the raw bytes and broken escapes a sloppy client sends. */
export const formEncoding = fc.oneof({ weight: 8, arbitrary: fc.constant("standard") }, { weight: 4, arbitrary: fc.constantFrom("raw", "latin1", "semicolons", "broken-escapes") });
export function encodeForm(pairs: Pairs, how: string): Buffer {
  switch (how) {
    case "raw":
      return Buffer.from(pairs.map(([k, v]) => `${k}=${v}`).join("&"), "utf8");
    case "latin1":
      return Buffer.from(new URLSearchParams(pairs).toString(), "latin1");
    case "semicolons":
      return Buffer.from(pairs.map(([k, v]) => `${encodeURIComponent(safe(k))}=${encodeURIComponent(safe(v))}`).join(";"));
    case "broken-escapes":
      return Buffer.from(pairs.map(([k, v]) => `${k}%=${v}%G1%`).join("&&"));
    default:
      return Buffer.from(new URLSearchParams(pairs).toString());
  }
}
/** encodeURIComponent throws on lone surrogates. */
const safe = (s: string) => s.toWellFormed();

export function multipart(pairs: Pairs, boundary: string): Buffer {
  const parts = pairs.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return Buffer.from(`${parts.join("")}--${boundary}--\r\n`);
}

export const FORM = "application/x-www-form-urlencoded";
export const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(FORM, FORM, FORM, `${FORM}; charset=UTF-8`, "APPLICATION/X-WWW-FORM-URLENCODED", `${FORM};charset=utf-16`, `${FORM}, application/json`, ` ${FORM} `) },
  { weight: 3, arbitrary: fc.constantFrom("application/json", "text/plain", "multipart/form-data; boundary=fz", "multipart/form-data", "application/octet-stream", "", "*/*", "text/plain;charset=UTF-8") },
  { weight: 1, arbitrary: junkText.map((s) => s.replace(/[\r\n]/g, "")) },
);

export type BodyPlan = { kind: "form"; how: string } | { kind: "json" } | { kind: "bytes"; bytes: Uint8Array } | { kind: "empty" } | { kind: "oversized"; size: number } | { kind: "multipart" } | { kind: "gzip-form" };
export const bodyPlan: fc.Arbitrary<BodyPlan> = fc.oneof(
  { weight: 16, arbitrary: formEncoding.map((how) => ({ kind: "form", how }) as const) },
  { weight: 1, arbitrary: fc.constant({ kind: "json" } as const) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ kind: "bytes", bytes }) as const) },
  { weight: 1, arbitrary: fc.constant({ kind: "empty" } as const) },
  { weight: 1, arbitrary: fc.integer({ min: 64 * 1024 + 1, max: 300_000 }).map((size) => ({ kind: "oversized", size }) as const) },
  { weight: 1, arbitrary: fc.constant({ kind: "multipart" } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: "gzip-form" } as const) },
);

export function buildBody(plan: BodyPlan, pairs: Pairs): Buffer {
  switch (plan.kind) {
    case "form":
      return encodeForm(pairs, plan.how);
    case "json":
      return Buffer.from(JSON.stringify(Object.fromEntries(pairs)));
    case "bytes":
      return Buffer.from(plan.bytes);
    case "empty":
      return Buffer.alloc(0);
    case "oversized":
      return Buffer.from(`${encodeForm(pairs, "standard").toString()}&pad=${"x".repeat(plan.size)}`);
    case "multipart":
      return multipart(pairs, "fz");
    case "gzip-form":
      return gzipSync(encodeForm(pairs, "standard"));
  }
}

export const forwardedFor = fc.oneof(fc.ipV4(), fc.ipV6()).map((ip) => `X-Forwarded-For: ${ip}`);

/**
 * Extra header lines: forwarded addresses (trusted here, so the per-address
 * limiter sees many clients), request ids, encodings, framework-internal
 * headers that must be ignored, and lines that break the grammar.
 */
export const extraHeader = fc.oneof(
  { weight: 12, arbitrary: forwardedFor },
  { weight: 1, arbitrary: junkText.map((s) => `X-Forwarded-For: ${s.replace(/[\r\n]/g, "")}`) },
  { weight: 1, arbitrary: junkText.map((s) => `X-Request-Id: ${s.replace(/[\r\n]/g, "")}`) },
  { weight: 1, arbitrary: fc.constantFrom("gzip", "br", "deflate", "identity", "x-junk").map((e) => `Content-Encoding: ${e}`) },
  { weight: 1, arbitrary: fc.constantFrom("x-middleware-subrequest: middleware:middleware:middleware:middleware:middleware", "x-tessera-client-ip: 10.0.0.1", "x-tessera-proof: forged", "x-invoke-path: /oauth/token", "x-nextjs-data: 1", "rsc: 1", "next-router-state-tree: %5B%5D") },
  { weight: 1, arbitrary: fc.constantFrom("Expect: 100-continue", "Accept: */*", "Accept: application/x-ndjson", "Accept-Charset: utf-16", "Cookie: tessera.session=forged", "Origin: null", "Origin: https://evil.example") },
  { weight: 1, arbitrary: fc.integer({ min: 4_000, max: 20_000 }).map((n) => `X-Big: ${"h".repeat(n)}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("Content-Length: abc", "Content-Length: -1", "Content-Length: 1, 2", "Transfer-Encoding: chunked, identity", "X-No-Colon", "X Bad Name: 1", "X-Ctl: a\u0001b", " X-Leading-Space: 1", "X-Fold: a\r\n b", "X-UTF8: héllo 𝔘", "Content-Type: text/plain"),
  },
);
export const extraHeaders = fc.array(extraHeader, { maxLength: 3 });

/** Authorization: HTTP Basic from an id and secret, encoded as RFC 6749 §2.3.1 asks or not. */
export const basicHeader = (id: string, secret: string) => `Authorization: Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
export const junkAuthorization = fc.oneof(
  fc.tuple(junkText, junkText).map(([id, secret]) => basicHeader(id, secret)),
  junkText.map((s) => `Authorization: Basic ${Buffer.from(s).toString("base64")}`),
  fc.constantFrom("Authorization: Basic", "Authorization: Basic ===", "Authorization: Basic !!!!", "Authorization: basic Og==", "Authorization: Bearer", "Authorization: Digest x", "Authorization: "),
  junkText.map((s) => `Authorization: ${s.replace(/[\r\n]/g, "")}`),
  fc.integer({ min: 2_000, max: 12_000 }).map((n) => `Authorization: Basic ${"QUFB".repeat(n / 4)}`),
);

/** A JWT with one character changed, its signature cut, or its header swapped for alg "none". */
export function tamperedJwt(jwt: string) {
  return fc.oneof(
    fc.nat({ max: jwt.length - 1 }).map((i) => jwt.slice(0, i) + (jwt[i] === "A" ? "B" : "A") + jwt.slice(i + 1)),
    fc.constant(jwt.split(".").slice(0, 2).join(".") + "."),
    fc.constant(`${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString("base64url")}.${jwt.split(".")[1]}.`),
    fc.constant(jwt.split(".").slice(0, 2).join(".")),
  );
}

/** Chunked framing, correct or broken. */
export function chunked(body: Buffer, broken: boolean): Buffer {
  if (broken) return Buffer.concat([Buffer.from(`zz\r\n`), body, Buffer.from("\r\n0\r\n\r\n")]);
  return Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n0\r\n\r\n")]);
}
