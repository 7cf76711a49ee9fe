import { handleTokenRequest } from "../oauth/token-endpoint";
import { handleIntrospection } from "../oauth/introspection";
import { handleRevocation } from "../oauth/revocation";
import { fromWebRequest, toWebResponse } from "../http/plain-http";
import type { RequestContext } from "../http/request-context";

/** Drive the OAuth handlers as HTTP would, without a server. */
export function formRequest(path: string, params: Record<string, string | string[]>, options: { basic?: [string, string]; headers?: Record<string, string> } = {}) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of [v].flat()) body.append(k, one);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", ...options.headers };
  if (options.basic) {
    const enc = (s: string) => encodeURIComponent(s);
    headers.authorization = `Basic ${Buffer.from(`${enc(options.basic[0])}:${enc(options.basic[1])}`).toString("base64")}`;
  }
  return new Request(`http://tessera.test${path}`, { method: "POST", headers, body: body.toString() });
}

const ctx = (ip = "127.0.0.1"): RequestContext => ({ clientIp: ip, userAgent: "vitest", requestId: "test" });

/** Through the web door (fromWebRequest/toWebResponse), as a route handler would. */
async function call(handler: typeof handleTokenRequest, request: Request, context: RequestContext, now?: Date) {
  return toWebResponse(await handler(fromWebRequest(request), context, now));
}

export async function token(params: Record<string, string | string[]>, options: Parameters<typeof formRequest>[2] & { ip?: string; now?: Date } = {}) {
  const res = await call(handleTokenRequest, formRequest("/oauth/token", params, options), ctx(options.ip), options.now);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

export async function introspect(caller: [string, string], tokenValue: string, now?: Date) {
  const res = await call(handleIntrospection, formRequest("/oauth/introspect", { token: tokenValue }, { basic: caller }), ctx(), now);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function revoke(caller: [string, string], tokenValue: string, now?: Date) {
  const res = await call(handleRevocation, formRequest("/oauth/revoke", { token: tokenValue }, { basic: caller }), ctx(), now);
  return { status: res.status };
}
