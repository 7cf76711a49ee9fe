import { z } from "zod";
import { isAppError } from "../errors";
import { NoCredentialError } from "./authenticate-bearer";

/** The management API's one error shape. `details.requestId` matches the server log and the audit trail. */
export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "bad_request, unauthenticated, forbidden, not_found, method_not_allowed, conflict, precondition_failed, validation_failed, too_many_requests, internal or unavailable (503, with Retry-After)" }),
      message: z.string().meta({ description: "Safe to show; never contains a secret" }),
      details: z
        .object({
          requestId: z.string(),
          fields: z.record(z.string(), z.array(z.string())).optional().meta({ description: "Field errors of a 422, by field path" }),
        })
        .loose(),
    }),
  })
  .meta({ id: "Error" });
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

const NO_STORE = { "Cache-Control": "no-store" };

/** Realm and error parameters of RFC 6750 §3. */
export const bearerChallenge = (error?: string) => `Bearer realm="tessera"${error ? `, error="${error}"` : ""}`;

export function errorJson(status: number, code: string, message: string, requestId: string, extra: { fields?: Record<string, string[]>; headers?: Record<string, string> } = {}): Response {
  const body: ApiErrorBody = { error: { code, message, details: { requestId, ...(extra.fields ? { fields: extra.fields } : {}) } } };
  return Response.json(body, { status, headers: { ...NO_STORE, ...extra.headers } });
}

/**
 * Any failure as the error envelope. Known errors keep their code and safe
 * message; anything else is logged with the request id and answered as a
 * bare 500, so no internal text reaches the client.
 */
export function errorResponse(e: unknown, requestId: string): Response {
  if (isAppError(e)) {
    const headers: Record<string, string> = {};
    if (e.status === 401) headers["WWW-Authenticate"] = bearerChallenge(e instanceof NoCredentialError ? undefined : "invalid_token");
    if (e.status === 403) headers["WWW-Authenticate"] = bearerChallenge("insufficient_scope");
    if (e.retryAfterSeconds) headers["Retry-After"] = String(e.retryAfterSeconds);
    return errorJson(e.status, e.code, e.userMessage, requestId, { fields: e.fieldErrors, headers });
  }
  console.error(`[api] unexpected error (request ${requestId})`, e);
  return errorJson(500, "internal", "Something went wrong on our side. Nothing may have been changed; retry with the same Idempotency-Key.", requestId);
}
