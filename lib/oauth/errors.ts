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
  | "unsupported_token_type";

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

export function oauthErrorResponse(e: OAuthError): Response {
  return Response.json({ error: e.error, error_description: e.description }, { status: e.status, headers: { ...NO_STORE, ...e.headers } });
}

export function oauthJson(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}
