import { dateFromRaw as toDate, db } from "../db";
import { isWellFormedApiKey } from "../credentials/format";
import { hashCredential } from "../credentials/hash";
import { isCredentialActive } from "../service-accounts/credential-state";

/** A working API key with what it may do now. */
export interface ResolvedApiKey {
  id: string;
  orgId: string;
  serviceAccountId: string;
  clientId: string;
  accountName: string;
  /** The key's own list intersected with the account's current grants (all of them when the key has no list). */
  scopes: string[];
  /** The account's current audiences. */
  audiences: string[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

interface Row {
  kind: string;
  id: string | null;
  orgId: string | null;
  serviceAccountId: string | null;
  list: string | null;
  createdAt: Date | string | null;
  expiresAt: Date | string | null;
  revokedAt: Date | string | null;
  lastUsedAt: Date | string | null;
  clientId: string | null;
  name: string | null;
  status: string | null;
  audiences: string | null;
}

/**
 * Resolve a presented API key, in one query: null when it is malformed,
 * unknown, revoked, expired, or its account is not active. A key's scopes
 * never outlive the account's grants: removing a scope from the account
 * removes it from every key at once, whatever list the key was made with.
 */
export async function resolveApiKey(value: string, now: Date): Promise<ResolvedApiKey | null> {
  if (!isWellFormedApiKey(value)) return null;
  const hash = hashCredential(value);
  const rows = await db().$queryRaw<Row[]>`
    SELECT 'key' AS "kind", k."id", k."orgId", k."serviceAccountId", k."scopes" AS "list", k."createdAt", k."expiresAt", k."revokedAt", k."lastUsedAt",
           a."clientId", a."name", CAST(a."status" AS TEXT) AS "status", a."audiences"
      FROM "ApiKey" k JOIN "ServiceAccount" a ON a."id" = k."serviceAccountId" WHERE k."hash" = ${hash}
    UNION ALL
    SELECT 'grant', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, sc."name", NULL, NULL
      FROM "ApiKey" k JOIN "ServiceAccountScope" g ON g."serviceAccountId" = k."serviceAccountId" JOIN "Scope" sc ON sc."id" = g."scopeId"
     WHERE k."hash" = ${hash}`;
  const key = rows.find((r) => r.kind === "key");
  if (!key || key.status !== "ACTIVE" || !isCredentialActive({ revokedAt: toDate(key.revokedAt), expiresAt: toDate(key.expiresAt) }, now)) return null;
  const grants = rows.filter((r) => r.kind === "grant").map((r) => r.name!);
  const list = key.list ? (JSON.parse(key.list) as string[]) : null;
  return {
    id: key.id!,
    orgId: key.orgId!,
    serviceAccountId: key.serviceAccountId!,
    clientId: key.clientId!,
    accountName: key.name!,
    scopes: (list ?? grants).filter((s) => grants.includes(s)).sort(),
    audiences: JSON.parse(key.audiences ?? "[]") as string[],
    createdAt: toDate(key.createdAt)!,
    expiresAt: toDate(key.expiresAt),
    lastUsedAt: toDate(key.lastUsedAt),
  };
}
