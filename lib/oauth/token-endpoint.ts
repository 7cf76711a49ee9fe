import { at } from "../clock";
import { AccountLapsed, recordAuditEventSoon } from "../audit/audit-batcher";
import type { HotSql } from "../db-hot";
import { advanceLastUsed } from "../service-accounts/last-used";
import type { PlainRequest, PlainResponse } from "../http/plain-http";
import type { RequestContext } from "../http/request-context";
import { authenticateClient, type AuthenticatedClient } from "./client-authentication";
import { OAuthError, oauthJson } from "./errors";
import { readOAuthForm } from "./form-request";
import { answerOAuth } from "./answer-oauth";
import { recordDenial } from "./record-denial";
import { selectAudiences, selectScopes } from "./select-grant";
import { signAccessToken } from "./access-token";
import type { ClientRecord } from "./load-client";

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * POST /oauth/token, client_credentials (RFC 6749 §4.4). Every answer,
 * issued or denied, is an audit event committed before the response leaves
 * (denials aggregated per minute, see record-denial).
 */
export async function handleTokenRequest(request: PlainRequest, context: RequestContext, now?: Date): Promise<PlainResponse> {
  const when = at(now);
  const seen: { client: ClientRecord | null } = { client: null };
  return answerOAuth("token", context, async () => {
    try {
      const form = await readOAuthForm(request, ["resource"]);
      const authenticated = await authenticateClient(request, form, context.clientIp, when);
      seen.client = authenticated.account;
      context.principal = authenticated.account.clientId;
      const grantType = form.get("grant_type");
      if (!grantType) throw new OAuthError("invalid_request", "grant_type is required");
      if (grantType !== "client_credentials") throw new OAuthError("unsupported_grant_type", "Only client_credentials is supported");
      return await issueToken(authenticated, form.get("scope"), form.get("audience"), form.all("resource"), context, when);
    } catch (e) {
      if (e instanceof OAuthError && e.status !== 503) await recordDenial("token.denied", e, context, when, seen.client);
      throw e;
    }
  });
}

async function issueToken(client: AuthenticatedClient, scope: string | undefined, audience: string | undefined, resources: string[], context: RequestContext, when: Date) {
  const { account, secret } = client;
  const scopes = selectScopes(scope, account.grants.map((g) => g.name));
  const audiences = selectAudiences(audience, resources, account.audiences);
  const notAfter = earliestEnd(account.grants, scopes);
  const signed = await signAccessToken({ clientId: account.clientId, orgId: account.orgId, audiences, scopes, ttlSeconds: account.tokenTtlSeconds, notAfter }, when);
  await recordAuditEventSoon(
    {
      orgId: account.orgId,
      occurredAt: when,
      action: "token.issued",
      actor: { type: "service_account", id: account.clientId, label: account.name, ...context },
      target: { type: "service_account", id: account.clientId, label: account.name },
      metadata: { jti: signed.jti, kid: signed.kid, scopes, audiences, secretId: secret.id, authMethod: client.method, expiresAt: signed.exp.toISOString() },
    },
    touchLastUsed(account, secret, scopes, when),
    // Deactivated while this token was being issued: refused like a deactivated account.
    { accountId: account.id, issuedAt: when },
  ).catch((e: unknown) => {
    throw e instanceof AccountLapsed ? new OAuthError("invalid_client", "Client authentication failed", 401, {}, "account_disabled") : e;
  });
  return oauthJson({ access_token: signed.token, token_type: "Bearer", expires_in: signed.expiresIn, scope: scopes.join(" ") });
}

/** The first end among the time-boxed grants of the scopes a token carries (null when none is time-boxed). */
function earliestEnd(grants: ClientRecord["grants"], scopes: string[]): Date | null {
  let end: Date | null = null;
  for (const g of grants) if (g.expiresAt && (!end || g.expiresAt < end) && scopes.includes(g.name)) end = g.expiresAt;
  return end;
}

/** lastUsedAt moves at most once a minute per credential: a hot client costs no extra writes. */
function touchLastUsed(account: ClientRecord, secret: AuthenticatedClient["secret"], scopes: string[], when: Date) {
  const stale = new Date(when.getTime() - LAST_USED_RESOLUTION_MS);
  const isStale = (d: Date | null) => (d ?? new Date(0)) < stale;
  const staleGrants = account.grants.filter((g) => scopes.includes(g.name) && isStale(g.lastRequestedAt));
  if (!isStale(account.lastUsedAt) && !isStale(secret.lastUsedAt) && !staleGrants.length) return undefined;
  return async (sql: HotSql) => {
    await advanceLastUsed(sql, "account", account.id, when, LAST_USED_RESOLUTION_MS);
    await advanceLastUsed(sql, "secret", secret.id, when, LAST_USED_RESOLUTION_MS);
    if (staleGrants.length) {
      await sql.execute(
        `UPDATE "ServiceAccountScope" SET "lastRequestedAt" = ? WHERE "serviceAccountId" = ? AND "scopeId" IN (${staleGrants.map(() => "?").join(", ")})`,
        [when, account.id, ...staleGrants.map((g) => g.scopeId)],
      );
    }
  };
}
