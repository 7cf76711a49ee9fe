import { db, transaction } from "../db";
import { at } from "../clock";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestContext } from "../http/request-context";
import { isWellFormedApiKey } from "../credentials/format";
import { hashCredential } from "../credentials/hash";
import { isCredentialActive, parseJsonList } from "../service-accounts/credential-state";
import { authenticateClient } from "./client-authentication";
import { OAuthError, oauthErrorResponse, oauthJson } from "./errors";
import { readOAuthForm } from "./form-request";
import { verifyAccessToken } from "./verify-access-token";

export const INTROSPECT_SCOPE = "tessera:introspect";
const INACTIVE = { active: false } as const;

async function introspectApiKey(value: string, orgId: string, now: Date) {
  if (!isWellFormedApiKey(value)) return null;
  const key = await db().apiKey.findUnique({ where: { hash: hashCredential(value) }, include: { serviceAccount: true } });
  if (!key || key.orgId !== orgId || !isCredentialActive(key, now) || key.serviceAccount.status !== "ACTIVE") return null;
  const scopes = key.scopes
    ? parseJsonList(key.scopes)
    : (await db().serviceAccountScope.findMany({ where: { serviceAccountId: key.serviceAccountId }, include: { scope: true } })).map((g) => g.scope.name);
  return {
    active: true,
    token_type: "api_key",
    client_id: key.serviceAccount.clientId,
    sub: key.serviceAccount.clientId,
    scope: scopes.join(" "),
    aud: parseJsonList(key.serviceAccount.audiences),
    iat: Math.floor(key.createdAt.getTime() / 1000),
    ...(key.expiresAt ? { exp: Math.floor(key.expiresAt.getTime() / 1000) } : {}),
    org_id: orgId,
    key_id: key.id,
  };
}

/**
 * POST /oauth/introspect (RFC 7662). The caller is a service account holding
 * tessera:introspect; it learns about tokens and API keys of its own
 * organisation only. Anything unknown, expired, revoked, foreign or of a
 * disabled account is `{"active": false}` and nothing more.
 */
export async function handleIntrospection(request: Request, context: RequestContext, now?: Date): Promise<Response> {
  const when = at(now);
  try {
    const form = await readOAuthForm(request);
    const { account } = await authenticateClient(request, form, context.clientIp, when);
    const held = await db().serviceAccountScope.findFirst({ where: { serviceAccountId: account.id, scope: { name: INTROSPECT_SCOPE } } });
    if (!held) throw new OAuthError("unauthorized_client", `Introspection needs the ${INTROSPECT_SCOPE} scope`, 403);
    const token = form.get("token");
    if (!token) throw new OAuthError("invalid_request", "token is required");

    let answer: Record<string, unknown> = INACTIVE;
    if (token.startsWith("tak_")) {
      answer = (await introspectApiKey(token, account.orgId, when)) ?? INACTIVE;
    } else {
      const claims = await verifyAccessToken(token, when);
      if (claims && claims.org_id === account.orgId) answer = { active: true, token_type: "Bearer", ...claims };
    }
    await transaction((tx) =>
      recordAuditEvent(tx, {
        orgId: account.orgId,
        occurredAt: when,
        action: "token.introspected",
        actor: { type: "service_account", id: account.clientId, label: account.name, ...context },
        target: answer.active ? { type: "service_account", id: String(answer.client_id), label: null } : null,
        metadata: { active: answer.active, tokenType: answer.active ? answer.token_type : null, jti: answer.jti ?? null },
      }),
    );
    return oauthJson(answer);
  } catch (e) {
    if (e instanceof OAuthError) return oauthErrorResponse(e);
    throw e;
  }
}
