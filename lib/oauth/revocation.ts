import { decodeJwt } from "jose";
import { db, transaction } from "../db";
import { at } from "../clock";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { RequestContext } from "../http/request-context";
import { isWellFormedApiKey } from "../credentials/format";
import { hashCredential } from "../credentials/hash";
import { authenticateClient } from "./client-authentication";
import { OAuthError, oauthErrorResponse } from "./errors";
import { readOAuthForm } from "./form-request";
import { verifyAccessToken } from "./verify-access-token";

/**
 * POST /oauth/revoke (RFC 7009). A client revokes its own access tokens and
 * API keys; anything else (unknown, foreign, already invalid) still answers
 * 200, as the RFC asks, and changes nothing. Revoked token ids are kept only
 * until the token would have expired.
 */
export async function handleRevocation(request: Request, context: RequestContext, now?: Date): Promise<Response> {
  const when = at(now);
  try {
    const form = await readOAuthForm(request);
    const { account } = await authenticateClient(request, form, context.clientIp, when);
    const token = form.get("token");
    if (!token) throw new OAuthError("invalid_request", "token is required");

    const key = isWellFormedApiKey(token) ? await db().apiKey.findUnique({ where: { hash: hashCredential(token) } }) : null;
    const claims = key ? null : await verifyAccessToken(token, when);
    const revoked =
      key && key.serviceAccountId === account.id && !key.revokedAt
        ? { type: "api_key", id: key.id }
        : claims && claims.client_id === account.clientId
          ? { type: "access_token", id: claims.jti }
          : null;
    // The change, the purge of ids whose tokens have expired anyway, and the audit event commit together.
    await transaction(async (tx) => {
      if (revoked?.type === "api_key") await tx.apiKey.update({ where: { id: revoked.id }, data: { revokedAt: when } });
      if (revoked?.type === "access_token" && claims) {
        await tx.revokedToken.upsert({
          where: { jti: claims.jti },
          create: { jti: claims.jti, orgId: claims.org_id, expiresAt: new Date(claims.exp * 1000), revokedAt: when },
          update: {},
        });
      }
      await tx.revokedToken.deleteMany({ where: { expiresAt: { lt: when } } });
      await recordAuditEvent(tx, {
        orgId: account.orgId,
        occurredAt: when,
        action: "token.revoked",
        outcome: revoked ? "success" : "failure",
        reason: revoked ? null : "not_revocable",
        actor: { type: "service_account", id: account.clientId, label: account.name, ...context },
        target: revoked ? { type: revoked.type, id: revoked.id, label: null } : null,
        metadata: { tokenTypeHint: form.get("token_type_hint") ?? null, kind: revoked?.type ?? (safeJti(token) ? "access_token" : "unknown") },
      });
    });
    return new Response(null, { status: 200, headers: { "Cache-Control": "no-store", Pragma: "no-cache" } });
  } catch (e) {
    if (e instanceof OAuthError) return oauthErrorResponse(e);
    throw e;
  }
}

function safeJti(token: string): string | null {
  try {
    return (decodeJwt(token).jti as string) ?? null;
  } catch {
    return null;
  }
}
