import { at } from "../clock";
import type { PlainRequest, PlainResponse } from "../http/plain-http";
import type { RequestContext } from "../http/request-context";
import { resolveApiKey } from "../api-keys/resolve-api-key";
import { rememberedReads, type Read } from "../credentials/remembered-reads";
import { answerOAuth } from "./answer-oauth";
import { authenticateClient } from "./client-authentication";
import { OAuthError, oauthJson } from "./errors";
import { readOAuthForm } from "./form-request";
import type { ClientRecord } from "./load-client";
import { recordDenial } from "./record-denial";
import { countIntrospection } from "./usage-counter";
import { verifyAccessToken } from "./verify-access-token";

export const INTROSPECT_SCOPE = "tessera:introspect";
const INACTIVE = { active: false } as const;

async function describeApiKey(value: string, orgId: string, now: Date, read: Read) {
  const resolved = await resolveApiKey(value, now, read);
  if (!resolved || resolved.org.id !== orgId) return null;
  const { key, account } = resolved;
  return {
    active: true,
    token_type: "api_key",
    client_id: account.clientId,
    sub: account.clientId,
    scope: resolved.scopes.join(" "),
    aud: resolved.audiences,
    iat: Math.floor(key.createdAt.getTime() / 1000),
    ...(key.expiresAt ? { exp: Math.floor(key.expiresAt.getTime() / 1000) } : {}),
    org_id: orgId,
    key_id: key.id,
  };
}

/**
 * POST /oauth/introspect (RFC 7662). The caller is a service account holding
 * tessera:introspect; it learns about tokens and API keys of its own
 * organisation only, as they hold now (scopes and audiences narrowed to the
 * account's current grants). Anything unknown, expired, revoked, foreign or
 * of a disabled account is `{"active": false}` and nothing more. Successful
 * calls are counted (usage-counter), refusals recorded (record-denial).
 * What it reads may come from remembered-reads: rows read before, while the
 * epoch they stand on (moved by every change to them) stands still.
 */
export async function handleIntrospection(request: PlainRequest, context: RequestContext, now?: Date): Promise<PlainResponse> {
  const when = at(now);
  const seen: { caller: ClientRecord | null } = { caller: null };
  return answerOAuth("introspect", context, async () => {
    try {
      const form = await readOAuthForm(request);
      const read = rememberedReads();
      const { account, secret } = await authenticateClient(request, form, context.clientIp, when, { read });
      seen.caller = account;
      context.principal = account.clientId;
      if (!account.grants.some((g) => g.name === INTROSPECT_SCOPE)) {
        throw new OAuthError("unauthorized_client", `Introspection needs the ${INTROSPECT_SCOPE} scope`, 403, {}, "missing_introspect_scope");
      }
      const token = form.get("token");
      if (!token) throw new OAuthError("invalid_request", "token is required");

      let answer: Record<string, unknown> = INACTIVE;
      if (token.startsWith("tak_")) {
        answer = (await describeApiKey(token, account.orgId, when, read)) ?? INACTIVE;
      } else {
        const claims = await verifyAccessToken(token, when, read);
        if (claims && claims.org_id === account.orgId) answer = { active: true, token_type: "Bearer", ...claims };
      }
      const isKey = answer.token_type === "api_key";
      countIntrospection(
        {
          orgId: account.orgId,
          callerClientId: account.clientId,
          callerAccountId: account.id,
          callerSecretId: secret.id,
          credentialType: !answer.active ? "inactive" : isKey ? "api_key" : "access_token",
          credentialId: !answer.active ? "-" : String(isKey ? answer.key_id : answer.client_id),
        },
        when,
      );
      return oauthJson(answer);
    } catch (e) {
      if (e instanceof OAuthError && e.status !== 503) await recordDenial("introspection.denied", e, context, when, seen.caller);
      throw e;
    }
  });
}
