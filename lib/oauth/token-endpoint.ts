import { at } from "../clock";
import { AccountLapsed, recordAuditEventSoon } from "../audit/audit-batcher";
import type { HotSql } from "../db-hot";
import { advanceLastRequested, advanceLastUsed, LAST_USED_RESOLUTION_MS, lastUseDue, lastUseKey, noteLastUseMoved } from "../service-accounts/last-used";
import { rememberedReads } from "../credentials/remembered-reads";
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

/**
 * POST /oauth/token, client_credentials (RFC 6749 §4.4). Every answer,
 * issued or denied, is an audit event committed before the response leaves
 * (denials aggregated per minute, see record-denial). The client is read
 * through remembered-reads: while the credential epoch stands still (issuing
 * tokens does not move it, nor does a revocation, which moves an epoch of its
 * own), its rows come from memory; any change to the account, its secrets or
 * grants moves the epoch and is read at the next request.
 */
export async function handleTokenRequest(request: PlainRequest, context: RequestContext, now?: Date): Promise<PlainResponse> {
  const when = at(now);
  const seen: { client: ClientRecord | null } = { client: null };
  return answerOAuth("token", context, async () => {
    try {
      const form = await readOAuthForm(request, ["resource"]);
      const authenticated = await authenticateClient(request, form, context.clientIp, when, { read: rememberedReads() });
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
  const touch = touchLastUsed(account, secret, scopes, when);
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
    touch?.write,
    // Deactivated while this token was being issued: refused like a deactivated account.
    { accountId: account.id, issuedAt: when },
  ).catch((e: unknown) => {
    throw e instanceof AccountLapsed ? new OAuthError("invalid_client", "Client authentication failed", 401, {}, "account_disabled") : e;
  });
  touch?.committed();
  return oauthJson({ access_token: signed.token, token_type: "Bearer", expires_in: signed.expiresIn, scope: scopes.join(" ") });
}

/** The first end among the time-boxed grants of the scopes a token carries (null when none is time-boxed). */
function earliestEnd(grants: ClientRecord["grants"], scopes: string[]): Date | null {
  let end: Date | null = null;
  for (const g of grants) if (g.expiresAt && (!end || g.expiresAt < end) && scopes.includes(g.name)) end = g.expiresAt;
  return end;
}

/**
 * lastUsedAt and the grants' lastRequestedAt move at most once a minute per
 * credential and process (lastUseDue): the times read may be remembered
 * rows, so this process's own committed moves count too, and a hot client
 * costs no extra writes.
 */
function touchLastUsed(account: ClientRecord, secret: AuthenticatedClient["secret"], scopes: string[], when: Date) {
  const credentials = [
    { table: "account" as const, id: account.id, read: account.lastUsedAt },
    { table: "secret" as const, id: secret.id, read: secret.lastUsedAt },
  ]
    .map((c) => ({ ...c, key: lastUseKey(c) }))
    .filter((c) => lastUseDue(c.key, when, c.read));
  const grants = account.grants
    .filter((g) => scopes.includes(g.name))
    .map((g) => ({ scopeId: g.scopeId, key: lastUseKey({ grantOf: account.id, scopeId: g.scopeId }), read: g.lastRequestedAt }))
    .filter((g) => lastUseDue(g.key, when, g.read));
  if (!credentials.length && !grants.length) return undefined;
  return {
    write: async (sql: HotSql) => {
      for (const c of credentials) await advanceLastUsed(sql, c.table, c.id, when, LAST_USED_RESOLUTION_MS);
      if (grants.length) await advanceLastRequested(sql, account.id, grants.map((g) => g.scopeId), when, LAST_USED_RESOLUTION_MS);
    },
    committed: () => [...credentials, ...grants].forEach((t) => noteLastUseMoved(t.key, when)),
  };
}
