import { db } from "../db";
import { foldCredentialEpoch } from "../credentials/remembered-reads";
import { pruneRateLimitBuckets } from "./failure-limiter";
import { pruneRevokedTokens } from "./revocation";

/** Introspection counts are kept this long (they feed last-use views, not the audit trail). */
export const USAGE_RETENTION_DAYS = 400;

/**
 * The OAuth endpoints' bookkeeping that outlives its use: revoked token ids
 * whose tokens have expired, rate-limit rows whose window ended a day ago,
 * introspection counts past their retention, and (PostgreSQL) the credential
 * epoch rows of connections that have gone. Run by the maintenance loop.
 */
export async function pruneOAuthState(now = new Date()) {
  const [revokedTokens, rateLimitBuckets, usage, epochRows] = await Promise.all([
    pruneRevokedTokens(now),
    pruneRateLimitBuckets(now),
    db().credentialUsage.deleteMany({ where: { minute: { lt: new Date(now.getTime() - USAGE_RETENTION_DAYS * 86_400_000) } } }),
    foldCredentialEpoch(),
  ]);
  return { revokedTokens, rateLimitBuckets, usageRows: usage.count, epochRows };
}
