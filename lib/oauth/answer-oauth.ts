import { performance } from "node:perf_hooks";
import { AuditQueueFull } from "../audit/audit-batcher";
import type { PlainResponse } from "../http/plain-http";
import type { RequestContext } from "../http/request-context";
import { isDatabaseUnavailable } from "../db-availability";
import { metrics } from "../metrics";
import { OAuthError, oauthErrorResponse, unavailable, unexpectedErrorResponse } from "./errors";

export type OAuthEndpoint = "token" | "introspect" | "revoke" | "jwks" | "metadata";

/**
 * The one way an OAuth handler answers: its own result, an OAuthError in the
 * RFC 6749 dialect, 503 + Retry-After when the audit queue is full or the
 * database cannot serve, and JSON (never HTML) for anything unexpected.
 * Every answer carries the request id and is counted in the metrics.
 */
export async function answerOAuth(endpoint: OAuthEndpoint, context: RequestContext, handle: () => Promise<PlainResponse>): Promise<PlainResponse> {
  const started = performance.now();
  let res: PlainResponse;
  try {
    res = await handle();
  } catch (e) {
    if (e instanceof OAuthError) res = oauthErrorResponse(e);
    else if (e instanceof AuditQueueFull) res = oauthErrorResponse(unavailable(1, "audit_queue_full"));
    else {
      if (isDatabaseUnavailable(e)) metrics().databaseErrors.inc({ kind: "unavailable" });
      res = unexpectedErrorResponse(e, context.requestId, endpoint);
    }
  }
  res.headers["X-Request-Id"] = context.requestId;
  const m = metrics();
  m.requests.inc({ endpoint, outcome: res.status < 400 ? "success" : res.status < 500 ? "client_error" : "server_error" });
  m.latency.observe({ endpoint }, (performance.now() - started) / 1000);
  return res;
}
