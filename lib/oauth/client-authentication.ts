import { isWellFormedClientSecret } from "../credentials/format";
import { credentialMatches } from "../credentials/hash";
import { addressLimitKey } from "../http/resolve-client-ip";
import type { PlainRequest } from "../http/plain-http";
import { isCredentialActive } from "../service-accounts/credential-state";
import { OAuthError } from "./errors";
import type { OAuthForm } from "./form-request";
import { ADDRESS_FAILURES, CLIENT_FAILURES, countFailure, failureLimitRetryAfter } from "./failure-limiter";
import { loadClient, type ClientRecord } from "./load-client";
import type { Read } from "../credentials/remembered-reads";

const REALM = 'Basic realm="tessera", charset="UTF-8"';

export interface PresentedCredentials {
  clientId: string;
  clientSecret: string;
  method: "client_secret_basic" | "client_secret_post";
}

/** Why authentication failed, for the audit trail; the client only ever sees invalid_client. */
export class ClientAuthenticationError extends OAuthError {
  constructor(
    description: string,
    status: number,
    headers: Record<string, string>,
    reason: string,
    /** The presented client id (as sent), and the account when it exists. */
    readonly clientId: string | null,
    readonly account: ClientRecord | null,
  ) {
    super("invalid_client", description, status, headers, reason);
  }
}

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

export function readClientCredentials(request: PlainRequest, form: OAuthForm): PresentedCredentials | null {
  const header = request.header("authorization");
  const postId = form.get("client_id");
  const postSecret = form.get("client_secret");
  if (header) {
    const [scheme, value] = header.split(" ", 2);
    if (scheme?.toLowerCase() !== "basic" || !value) {
      throw new ClientAuthenticationError("Use HTTP Basic or client_secret_post client authentication", 401, { "WWW-Authenticate": REALM }, "unsupported_auth_scheme", postId ?? null, null);
    }
    if (postSecret) throw new OAuthError("invalid_request", "Use exactly one client authentication method");
    let id: string;
    let secret: string;
    try {
      const decoded = Buffer.from(value, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 0) throw new Error("no colon");
      id = formDecode(decoded.slice(0, colon));
      secret = formDecode(decoded.slice(colon + 1));
    } catch {
      throw new ClientAuthenticationError("Malformed Basic credentials", 401, { "WWW-Authenticate": REALM }, "malformed_basic", postId ?? null, null);
    }
    if (postId && postId !== id) throw new OAuthError("invalid_request", "client_id differs from the authenticated client");
    return { clientId: id, clientSecret: secret, method: "client_secret_basic" };
  }
  if (postId && postSecret) return { clientId: postId, clientSecret: postSecret, method: "client_secret_post" };
  return null;
}

// A hash of a secret that exists nowhere: unknown clients are checked against it
// so that "no such client" and "wrong secret" take the same work.
const DECOY_HASH = "0".repeat(64);
const CLIENT_ID_MAX = 100;

function throttled(retryAfter: number, clientId: string, account: ClientRecord | null) {
  return new ClientAuthenticationError("Too many failed authentication attempts; try again later", 429, { "Retry-After": String(retryAfter) }, "throttled", clientId, account);
}

/**
 * Authenticate a service account by client id and secret, in one read (loadClient).
 * Unknown client, wrong secret, expired or revoked secret and disabled
 * account all answer the same invalid_client; the audit trail gets the real
 * reason. The secret is checked before any per-client limit is consulted, so
 * a correct secret always works; only failures are counted (failure-limiter).
 * `read` is how the account is read (remembered-reads on the OAuth endpoints);
 * `jti`, a token id to learn the revocation of, read with the account (loadClient).
 */
export async function authenticateClient(request: PlainRequest, form: OAuthForm, clientIp: string | null, now: Date, options: { read?: Read; jti?: string | null } = {}) {
  const address = addressLimitKey(clientIp);
  const addressRetry = failureLimitRetryAfter(ADDRESS_FAILURES, address, now);
  const presented = readClientCredentials(request, form);
  if (addressRetry !== null) throw throttled(addressRetry, presented?.clientId.slice(0, CLIENT_ID_MAX) ?? "", null);
  const challenge: Record<string, string> = request.header("authorization") ? { "WWW-Authenticate": REALM } : {};
  if (!presented) {
    throw new ClientAuthenticationError("Client authentication is required", 401, { "WWW-Authenticate": REALM }, "no_client_authentication", form.get("client_id") ?? null, null);
  }
  const clientId = presented.clientId.slice(0, CLIENT_ID_MAX);
  const account = presented.clientId.length <= CLIENT_ID_MAX ? await loadClient(presented.clientId, now, options.read, options.jti ?? null) : null;
  const wellFormed = isWellFormedClientSecret(presented.clientSecret);
  const candidates = account?.secrets.filter((s) => isCredentialActive({ revokedAt: null, expiresAt: s.expiresAt }, now)) ?? [];
  const matched = wellFormed ? candidates.find((s) => credentialMatches(presented.clientSecret, s.hash)) : undefined;
  if (!account || !candidates.length) credentialMatches(presented.clientSecret, DECOY_HASH);

  let reason: string | null = null;
  if (!account) reason = "unknown_client";
  else if (!matched) reason = account.secrets.some((s) => credentialMatches(presented.clientSecret, s.hash)) ? "secret_expired" : "wrong_secret";
  else if (account.status !== "ACTIVE") reason = "account_disabled";
  if (!reason) return { account: account!, secret: matched!, method: presented.method };

  // Refused by a limit: not counted again, so one attacked client cannot push its neighbours over.
  const clientRetry = account ? failureLimitRetryAfter(CLIENT_FAILURES, account.clientId, now) : null;
  if (clientRetry !== null) throw throttled(clientRetry, clientId, account);
  if (account) countFailure(CLIENT_FAILURES, account.clientId, now);
  countFailure(ADDRESS_FAILURES, address, now);
  throw new ClientAuthenticationError("Client authentication failed", 401, challenge, reason, clientId, account);
}
export type AuthenticatedClient = Awaited<ReturnType<typeof authenticateClient>>;
