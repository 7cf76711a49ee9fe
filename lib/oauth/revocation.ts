import { decodeJwt, type JWTPayload } from "jose";
import { db } from "../db";
import { hotRead, insertRows, type HotSql, type SqlArg } from "../db-hot";
import { at } from "../clock";
import { recordAuditEventSoon } from "../audit/audit-batcher";
import type { PlainRequest, PlainResponse } from "../http/plain-http";
import type { RequestContext } from "../http/request-context";
import { isWellFormedApiKey, isWellFormedJti } from "../credentials/format";
import { rememberedReads } from "../credentials/remembered-reads";
import { hashCredential } from "../credentials/hash";
import { answerOAuth } from "./answer-oauth";
import { authenticateClient } from "./client-authentication";
import { NO_STORE, OAuthError } from "./errors";
import { readOAuthForm } from "./form-request";
import type { ClientRecord } from "./load-client";
import { recordDenial } from "./record-denial";
import { revocableAccessToken } from "./verify-access-token";

/**
 * POST /oauth/revoke (RFC 7009). A client revokes its own access tokens and
 * API keys; anything else (unknown, foreign, already invalid) still answers
 * 200, as the RFC asks, and changes nothing. The change and its audit event
 * commit together (group-committed) before the answer leaves. Revoked token
 * ids are kept until the token would have expired (pruned by maintenance).
 */
export async function handleRevocation(request: PlainRequest, context: RequestContext, now?: Date): Promise<PlainResponse> {
  const when = at(now);
  const seen: { caller: ClientRecord | null } = { caller: null };
  return answerOAuth("revoke", context, async () => {
    try {
      const form = await readOAuthForm(request);
      const token = form.get("token");
      // The caller and, for what looks like one of our access tokens, its revocation, read together
      // (revocableAccessToken then uses both), from memory while nothing they stand on has moved
      // (remembered-reads: revocations move an epoch of their own, so the caller stays remembered
      // through a stream of them); the token's seal or signature is checked after authentication.
      const unverified = token && !isWellFormedApiKey(token) ? decodedPayload(token) : null;
      const jti = typeof unverified?.jti === "string" ? unverified.jti : null;
      const { account } = await authenticateClient(request, form, context.clientIp, when, { read: rememberedReads(), jti: isWellFormedJti(jti) ? jti : null });
      seen.caller = account;
      context.principal = account.clientId;
      if (!token) throw new OAuthError("invalid_request", "token is required");

      const [key] = isWellFormedApiKey(token)
        ? await hotRead<{ id: string; serviceAccountId: string; revokedAt: unknown }>(`SELECT "id", "serviceAccountId", "revokedAt" FROM "ApiKey" WHERE "hash" = ?`, [hashCredential(token)])
        : [];
      // A token whose id is sealed to its claims needs no signature check to be revoked (token-id.ts).
      const claims = key ? null : await revocableAccessToken(token, unverified, when, account);
      const revoked =
        key && key.serviceAccountId === account.id && !key.revokedAt
          ? ({ type: "api_key", id: key.id } as const)
          : claims && claims.client_id === account.clientId
            ? ({ type: "access_token", id: claims.jti } as const)
            : null;
      await recordAuditEventSoon(
        {
          orgId: account.orgId,
          occurredAt: when,
          action: "token.revoked",
          outcome: revoked ? "success" : "failure",
          reason: revoked ? null : "not_revocable",
          actor: { type: "service_account", id: account.clientId, label: account.name, ...context },
          target: revoked ? { type: revoked.type, id: revoked.id, label: null } : null,
          metadata: { tokenTypeHint: form.get("token_type_hint") ?? null, kind: revoked?.type ?? (jti ? "access_token" : "unknown") },
        },
        revoked?.type === "api_key"
          ? (sql) => sql.execute(`UPDATE "ApiKey" SET "revokedAt" = ? WHERE "id" = ? AND "revokedAt" IS NULL`, [when, revoked.id])
          : revoked && claims
            ? { rows: [[claims.jti, claims.org_id, new Date(claims.exp * 1000), when]], write: insertRevokedTokens }
            : undefined,
      );
      return { status: 200, headers: { ...NO_STORE }, body: null };
    } catch (e) {
      if (e instanceof OAuthError && e.status !== 503) await recordDenial("revocation.denied", e, context, when, seen.caller);
      throw e;
    }
  });
}

/**
 * The revoked token ids of a whole batch of revocations ([jti, orgId,
 * expiresAt, revokedAt] each), 500 to a statement (insertRows). A token sent
 * twice in one batch is inserted once: ON CONFLICT DO NOTHING also skips a
 * row that conflicts with an earlier row of the same statement, on both
 * databases. Rows go in the order they came: two batches that insert the
 * same ids belong to one organisation, and each has locked that
 * organisation's audit chain head first (recordAuditEvents), so they never
 * hold these rows' locks at the same time. A caller outside the audit batch
 * would need to sort them.
 */
export const insertRevokedTokens = (sql: HotSql, rows: SqlArg[][]) =>
  insertRows(sql, `INSERT INTO "RevokedToken" ("jti", "orgId", "expiresAt", "revokedAt") VALUES`, rows, `ON CONFLICT ("jti") DO NOTHING`);

/** The token's payload as it reads, signature unchecked; null if it is no JWT. */
function decodedPayload(token: string): JWTPayload | null {
  try {
    return decodeJwt(token);
  } catch {
    return null;
  }
}

/** Revoked token ids whose tokens have expired anyway (maintenance). */
export async function pruneRevokedTokens(now = new Date()): Promise<number> {
  const { count } = await db().revokedToken.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
