import { db } from "../db";
import { AppError } from "../errors";
import { issuer } from "../env";
import type { Actor } from "../audit/types";
import type { RequestContext } from "../http/request-context";
import { verifyAccessToken } from "../oauth/verify-access-token";
import { resolveApiKey } from "../api-keys/resolve-api-key";
import { hitRateLimit, peekRateLimit } from "../rate-limit";
import { API_KEY_PREFIX } from "../credentials/format";

/** The audience a credential must carry to call the management API. */
export const apiAudience = () => `${issuer()}/api`;

/** A caller of the management API: the actor the domain sees, and the organisation its credential belongs to. */
export interface ApiCaller {
  actor: Actor & { type: "service_account" | "api_key"; id: string; grant: { orgId: string; scopes: readonly string[] } };
  orgSlug: string;
}

const FAILURES_PER_MINUTE = 60;
const failureRule = (ip: string) => ({ key: `api-auth:${ip}`, limit: FAILURES_PER_MINUTE, windowMs: 60_000 });
const refuse = (message: string, internal?: string) => new AppError("unauthenticated", message, { internal });

/** No credential at all: RFC 6750 §3.1 challenges without an error code then. */
export class NoCredentialError extends AppError {
  constructor() {
    super("unauthenticated", "Send Authorization: Bearer with a Tessera access token or API key");
  }
}

/**
 * Who is calling, from `Authorization: Bearer …`. A JWT must be one of
 * Tessera's own access tokens (verifyAccessToken: signature, issuer, expiry,
 * revocation, an active account) with the audience `{issuer}/api`; its scopes
 * count only while the account still holds them. An API key (`tak_…`) works
 * while it and its account are active, with the key's effective scopes; its
 * account must list `{issuer}/api` among its audiences, the same consent a
 * token for the API needs. Anything else is 401. Failures are counted per
 * client address, and too many answer 429.
 */
export async function authenticateBearer(request: Request, context: RequestContext, now: Date): Promise<ApiCaller> {
  const rule = context.clientIp ? failureRule(context.clientIp) : null;
  if (rule) {
    const state = await peekRateLimit(rule, now);
    if (state.limited) throw new AppError("too_many_requests", "Too many failed authentications; slow down", { retryAfterSeconds: state.retryAfterSeconds });
  }
  try {
    return await identify(request.headers.get("authorization"), context, now);
  } catch (e) {
    // A request with no credential at all guesses nothing and costs no lookup:
    // only wrong credentials count (else one page of a reference walked without
    // a token would lock a whole office's address out).
    if (rule && !(e instanceof NoCredentialError)) await hitRateLimit(rule, now);
    throw e;
  }
}

async function identify(header: string | null, context: RequestContext, now: Date): Promise<ApiCaller> {
  const match = /^Bearer[ ]+([\x21-\x7E]+)\s*$/i.exec(header ?? "");
  if (!header) throw new NoCredentialError();
  if (!match) throw refuse("Send Authorization: Bearer with a Tessera access token or API key");
  const credential = match[1]!;
  const audience = apiAudience();
  const where = { clientIp: context.clientIp, userAgent: context.userAgent, requestId: context.requestId };

  if (credential.startsWith(API_KEY_PREFIX)) {
    const key = await resolveApiKey(credential, now);
    if (!key) throw refuse("This API key is not valid: unknown, expired, revoked, or its service account is deactivated");
    if (!key.audiences.includes(audience)) throw refuse(`This API key's service account does not list the audience ${audience}`);
    return {
      actor: { type: "api_key", id: key.key.id, label: `${key.key.name} (${key.account.clientId})`, ...where, grant: { orgId: key.org.id, scopes: key.scopes } },
      orgSlug: key.org.slug,
    };
  }

  const claims = await verifyAccessToken(credential, now);
  if (!claims) throw refuse("This access token is not valid: malformed, expired, revoked, or its service account is deactivated");
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(audience)) throw refuse(`This access token is not for the management API (its audience must include ${audience})`);
  const account = await db().serviceAccount.findUnique({
    where: { clientId: claims.client_id },
    select: { name: true, org: { select: { id: true, slug: true } }, scopes: { select: { scope: { select: { name: true } } } } },
  });
  if (!account || account.org.id !== claims.org_id) throw refuse("This access token's service account no longer exists");
  // A scope taken away since the token was issued stops working at once.
  const held = new Set(account.scopes.map((g) => g.scope.name));
  const scopes = String(claims.scope ?? "").split(" ").filter((s) => held.has(s));
  return {
    actor: { type: "service_account", id: claims.client_id, label: account.name, ...where, grant: { orgId: account.org.id, scopes } },
    orgSlug: account.org.slug,
  };
}
