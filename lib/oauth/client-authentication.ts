import { db } from "../db";
import { isWellFormedClientSecret } from "../credentials/format";
import { credentialMatches } from "../credentials/hash";
import { hitRateLimit, peekRateLimits, type RateLimitRule } from "../rate-limit";
import { isCredentialActive } from "../service-accounts/credential-state";
import { OAuthError } from "./errors";
import type { OAuthForm } from "./form-request";

/**
 * Brute-force limits on failed client authentication, in fixed one-hour
 * windows shared by every instance through the database: 50 failures per
 * client id (so an attacker gets at most 50 guesses an hour at one client)
 * and 300 per client address. Requests refused by a limit are not counted
 * again, so one attacked client cannot push its neighbours on the same
 * address over the address limit.
 */
export const CLIENT_AUTH_WINDOW_MS = 3_600_000;
export const CLIENT_AUTH_LIMIT_PER_CLIENT = 50;
export const CLIENT_AUTH_LIMIT_PER_IP = 300;

const REALM = 'Basic realm="tessera", charset="UTF-8"';

export interface PresentedCredentials {
  clientId: string;
  clientSecret: string;
  method: "client_secret_basic" | "client_secret_post";
}

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

export function readClientCredentials(request: Request, form: OAuthForm): PresentedCredentials | null {
  const header = request.headers.get("authorization");
  const postId = form.get("client_id");
  const postSecret = form.get("client_secret");
  if (header) {
    const [scheme, value] = header.split(" ", 2);
    if (scheme?.toLowerCase() !== "basic" || !value) {
      throw new OAuthError("invalid_client", "Use HTTP Basic or client_secret_post client authentication", 401, { "WWW-Authenticate": REALM }, "unsupported_auth_scheme");
    }
    if (postSecret) throw new OAuthError("invalid_request", "Use exactly one client authentication method");
    let decoded: string;
    let id: string;
    let secret: string;
    try {
      decoded = Buffer.from(value, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 0) throw new Error("no colon");
      id = formDecode(decoded.slice(0, colon));
      secret = formDecode(decoded.slice(colon + 1));
    } catch {
      throw new OAuthError("invalid_client", "Malformed Basic credentials", 401, { "WWW-Authenticate": REALM }, "malformed_basic");
    }
    if (postId && postId !== id) throw new OAuthError("invalid_request", "client_id differs from the authenticated client");
    return { clientId: id, clientSecret: secret, method: "client_secret_basic" };
  }
  if (postId && postSecret) return { clientId: postId, clientSecret: postSecret, method: "client_secret_post" };
  return null;
}

const limits = (clientId: string, ip: string | null): RateLimitRule[] => [
  { key: `client-auth:client:${clientId}`, limit: CLIENT_AUTH_LIMIT_PER_CLIENT, windowMs: CLIENT_AUTH_WINDOW_MS },
  ...(ip ? [{ key: `client-auth:ip:${ip}`, limit: CLIENT_AUTH_LIMIT_PER_IP, windowMs: CLIENT_AUTH_WINDOW_MS }] : []),
];

// A hash of a secret that exists nowhere: unknown clients are checked against it
// so that "no such client" and "wrong secret" take the same work.
const DECOY_HASH = "0".repeat(64);

/**
 * Authenticate a service account by client id and secret. Unknown client,
 * wrong secret, expired or revoked secret and disabled account all answer
 * the same invalid_client; the audit trail gets the real reason.
 */
export async function authenticateClient(request: Request, form: OAuthForm, clientIp: string | null, now: Date) {
  const presented = readClientCredentials(request, form);
  const challenge: Record<string, string> = request.headers.get("authorization") ? { "WWW-Authenticate": REALM } : {};
  if (!presented) {
    throw new OAuthError("invalid_client", "Client authentication is required", 401, { "WWW-Authenticate": REALM }, "no_client_authentication");
  }
  const rules = limits(presented.clientId.slice(0, 100), clientIp);
  for (const state of await peekRateLimits(rules, now)) {
    if (state.limited) {
      throw Object.assign(
        new OAuthError("invalid_client", "Too many failed authentication attempts; try again later", 429, { "Retry-After": String(state.retryAfterSeconds) }, "throttled"),
        { clientId: presented.clientId },
      );
    }
  }

  const account = await db().serviceAccount.findUnique({
    where: { clientId: presented.clientId },
    include: { secrets: { where: { revokedAt: null } }, scopes: { select: { scopeId: true, lastRequestedAt: true, scope: { select: { name: true } } } } },
  });
  const wellFormed = isWellFormedClientSecret(presented.clientSecret);
  const candidates = account?.secrets.filter((s) => isCredentialActive(s, now)) ?? [];
  const matched = candidates.find((s) => credentialMatches(presented.clientSecret, s.hash));
  if (!account || !candidates.length) credentialMatches(presented.clientSecret, DECOY_HASH);

  let reason: string | null = null;
  if (!account) reason = "unknown_client";
  else if (!wellFormed || !matched) {
    const stale = account.secrets.find((s) => credentialMatches(presented.clientSecret, s.hash));
    reason = stale ? "secret_expired" : "wrong_secret";
  } else if (account.status !== "ACTIVE") reason = "account_disabled";

  if (reason) {
    for (const rule of rules) await hitRateLimit(rule, now);
    throw Object.assign(new OAuthError("invalid_client", "Client authentication failed", 401, challenge, reason), {
      clientId: presented.clientId,
      orgId: account?.orgId ?? null,
      accountName: account?.name ?? null,
    });
  }
  return { account: account!, secret: matched!, method: presented.method };
}
export type AuthenticatedClient = Awaited<ReturnType<typeof authenticateClient>>;
