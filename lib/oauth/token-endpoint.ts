import { at } from "../clock";
import { recordAuditEventSoon } from "../audit/audit-batcher";
import type { RequestContext } from "../http/request-context";
import { parseJsonList } from "../service-accounts/credential-state";
import { authenticateClient } from "./client-authentication";
import { OAuthError, oauthErrorResponse, oauthJson } from "./errors";
import { readOAuthForm } from "./form-request";
import { selectAudiences, selectScopes } from "./select-grant";
import { signAccessToken } from "./access-token";

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * POST /oauth/token, client_credentials (RFC 6749 §4.4). Every answer,
 * issued or denied, is an audit event committed before the response leaves.
 */
export async function handleTokenRequest(request: Request, context: RequestContext, now?: Date): Promise<Response> {
  const when = at(now);
  let denied: { clientId: string | null; orgId: string | null; label: string | null } = { clientId: null, orgId: null, label: null };
  try {
    const form = await readOAuthForm(request, ["resource"]);
    denied.clientId = form.get("client_id") ?? null;
    const client = await authenticateClient(request, form, context.clientIp, when);
    const { account, secret } = client;
    denied = { clientId: account.clientId, orgId: account.orgId, label: account.name };

    const grantType = form.get("grant_type");
    if (!grantType) throw new OAuthError("invalid_request", "grant_type is required");
    if (grantType !== "client_credentials") {
      throw new OAuthError("unsupported_grant_type", "Only client_credentials is supported");
    }
    const scopes = selectScopes(form.get("scope"), account.scopes.map((g) => g.scope.name).sort());
    const audiences = selectAudiences(form.get("audience"), form.all("resource"), parseJsonList(account.audiences));
    const signed = await signAccessToken({ clientId: account.clientId, orgId: account.orgId, audiences, scopes, ttlSeconds: account.tokenTtlSeconds }, when);

    // lastUsedAt moves at most once a minute per credential: a hot client costs no extra writes.
    const stale = new Date(when.getTime() - LAST_USED_RESOLUTION_MS);
    const olderThan = { OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] };
    const staleGrants = account.scopes.filter((g) => scopes.includes(g.scope.name) && (g.lastRequestedAt ?? new Date(0)) < stale);
    const touch = (account.lastUsedAt ?? new Date(0)) < stale || (secret.lastUsedAt ?? new Date(0)) < stale || staleGrants.length > 0;
    await recordAuditEventSoon(
      {
        orgId: account.orgId,
        occurredAt: when,
        action: "token.issued",
        actor: { type: "service_account", id: account.clientId, label: account.name, ...context },
        target: { type: "service_account", id: account.clientId, label: account.name },
        metadata: { jti: signed.jti, kid: signed.kid, scopes, audiences, secretId: secret.id, authMethod: client.method, expiresAt: signed.exp.toISOString() },
      },
      touch
        ? async (tx) => {
            await tx.serviceAccount.updateMany({ where: { id: account.id, ...olderThan }, data: { lastUsedAt: when } });
            await tx.clientSecret.updateMany({ where: { id: secret.id, ...olderThan }, data: { lastUsedAt: when } });
            if (staleGrants.length) {
              await tx.serviceAccountScope.updateMany({
                where: { serviceAccountId: account.id, scopeId: { in: staleGrants.map((g) => g.scopeId) } },
                data: { lastRequestedAt: when },
              });
            }
          }
        : undefined,
    );

    return oauthJson({ access_token: signed.token, token_type: "Bearer", expires_in: account.tokenTtlSeconds, scope: scopes.join(" ") });
  } catch (e) {
    if (!(e instanceof OAuthError)) throw e;
    const extra = e as OAuthError & { clientId?: string; orgId?: string | null; accountName?: string | null };
    const clientId = extra.clientId ?? denied.clientId;
    await recordAuditEventSoon({
        orgId: extra.orgId ?? denied.orgId,
        occurredAt: when,
        action: "token.denied",
        outcome: "failure",
        reason: e.reason,
        actor: { type: "service_account", id: clientId?.slice(0, 100) ?? null, label: extra.accountName ?? denied.label, ...context },
        target: clientId ? { type: "service_account", id: clientId.slice(0, 100), label: extra.accountName ?? denied.label } : null,
        metadata: { error: e.error },
    });
    return oauthErrorResponse(e);
  }
}
