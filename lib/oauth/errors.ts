import { BodyTooLarge, jsonResponse, type PlainResponse } from "../http/plain-http";
import { isDatabaseUnavailable } from "../db-availability";
import { log } from "../log";

/**
 * The token API's error dialect: RFC 6749 §5.2 JSON, never the console's
 * AppError. `description` is safe to show a client; it never says which of
 * client id or secret was wrong.
 */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "invalid_scope"
  | "invalid_target"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "unsupported_token_type"
  | "server_error"
  | "temporarily_unavailable";

export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
    /** Internal reason for the audit trail (never sent). */
    readonly reason: string = error,
  ) {
    super(description);
  }
}

export const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

/**
 * RFC 6749 §5.2 allows only printable ASCII without `"` and `\` in
 * error_description. A description may quote what the client sent (an
 * audience, a parameter name), so anything else becomes "?" here, on the way
 * out, for every error alike.
 */
export const describeForClient = (description: string) => description.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, "?");

export function oauthErrorResponse(e: OAuthError): PlainResponse {
  return jsonResponse({ error: e.error, error_description: describeForClient(e.description) }, e.status, { ...NO_STORE, ...e.headers });
}

export function oauthJson(body: unknown, status = 200): PlainResponse {
  return jsonResponse(body, status, NO_STORE);
}

/** The answer when Tessera cannot take more work now (audit queue full, database down). */
export function unavailable(retryAfterSeconds: number, reason: string): OAuthError {
  return new OAuthError("temporarily_unavailable", "The service is busy; retry shortly", 503, { "Retry-After": String(retryAfterSeconds) }, reason);
}

export const bodyTooLarge = () =>
  new OAuthError("invalid_request", "The request body is too large", 413, { Connection: "close" }, "body_too_large");

/**
 * Every error an OAuth handler did not expect still answers in the RFC 6749
 * dialect, never as an HTML page: 503 with Retry-After when the database
 * cannot serve, 500 otherwise. The details go to the log under the request
 * id, which the client gets to quote.
 */
export function unexpectedErrorResponse(error: unknown, requestId: string, route: string): PlainResponse {
  if (error instanceof BodyTooLarge) return oauthErrorResponse(bodyTooLarge());
  const down = isDatabaseUnavailable(error);
  log.error({ err: error, requestId, route, databaseUnavailable: down }, "oauth handler failed");
  const e = down ? unavailable(2, "database_unavailable") : new OAuthError("server_error", "An unexpected error occurred", 500);
  return jsonResponse({ error: e.error, error_description: e.description, request_id: requestId }, e.status, { ...NO_STORE, ...e.headers });
}
