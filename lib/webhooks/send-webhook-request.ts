import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { CONNECT_TIMEOUT_MS, RESPONSE_TIMEOUT_MS } from "./policy";
import { createGuardedLookup, PrivateAddressError } from "./guarded-lookup";
import { isPublicAddress } from "./is-public-address";

export type SendResult = { ok: boolean; statusCode: number | null; error: string | null; durationMs: number };

export interface SendOptions {
  allowPrivate: boolean;
  /** For tests: a resolver standing in for DNS. */
  lookup?: ReturnType<typeof createGuardedLookup>;
  connectTimeoutMs?: number;
  responseTimeoutMs?: number;
}

const guarded = createGuardedLookup();

/**
 * POST one webhook body. Only a 2xx status is a success; a redirect is not
 * followed (node:http never follows one) and counts as a failure. Unless the
 * endpoint allows private targets, the address is checked where the socket
 * gets it: an IP literal before connecting, a name by the guarded lookup at
 * connect time. Connecting and answering each have a timeout. The response
 * body is drained, never read or stored.
 */
export function sendWebhookRequest(url: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<SendResult> {
  const started = Date.now();
  const done = (statusCode: number | null, error: string | null): SendResult => ({
    ok: statusCode !== null && statusCode >= 200 && statusCode < 300,
    statusCode,
    error,
    durationMs: Date.now() - started,
  });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(done(null, "invalid URL"));
  }
  const host = target.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!options.allowPrivate && isIP(host) && !isPublicAddress(host)) {
    return Promise.resolve(done(null, new PrivateAddressError(host, host).message));
  }
  const transport = target.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(responseTimer);
      clearTimeout(connectTimer);
      request.destroy();
      resolve(done(statusCode, error));
    };
    const request = transport.request(target, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) },
      lookup: options.allowPrivate ? undefined : (options.lookup ?? guarded),
      agent: false,
    });
    const responseTimer = setTimeout(() => finish(null, `no response within ${(options.responseTimeoutMs ?? RESPONSE_TIMEOUT_MS) / 1000} s`), options.responseTimeoutMs ?? RESPONSE_TIMEOUT_MS);
    const connectTimer = setTimeout(() => finish(null, `could not connect within ${(options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS) / 1000} s`), options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
    request.on("socket", (socket) => {
      const connected = () => clearTimeout(connectTimer);
      if (!socket.connecting) connected();
      socket.once("connect", connected);
    });
    request.on("response", (response) => {
      response.resume();
      const code = response.statusCode ?? null;
      finish(code, code !== null && code >= 300 && code < 400 ? `redirect not followed (${code})` : code !== null && code >= 300 ? `answered ${code}` : null);
    });
    request.on("error", (e: Error & { code?: string }) => finish(null, e instanceof PrivateAddressError || e.code === "EPRIVATEADDRESS" ? e.message : describeNetworkError(e)));
    request.end(body);
  });
}

/** Our own words for a network failure; never the peer's response body. */
function describeNetworkError(e: Error & { code?: string }): string {
  switch (e.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host name not found";
    case "ECONNRESET":
      return "connection reset";
    case "ETIMEDOUT":
      return "timed out";
    default:
      return e.code ? `network error (${e.code})` : "network error";
  }
}
