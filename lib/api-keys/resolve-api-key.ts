import { dateFromRaw } from "../db";
import { hotRead } from "../db-hot";
import { madeOncePerRead, type Read } from "../credentials/remembered-reads";
import { isWellFormedApiKey } from "../credentials/format";
import { hashCredential } from "../credentials/hash";
import { byName, grantsInForce, isCredentialActive, parseJsonList } from "../service-accounts/credential-state";

/** Shared by requests (madeOncePerRead) but for its scopes, so read-only. */
export interface ResolvedApiKey {
  readonly key: Readonly<{ id: string; name: string; hint: string; createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null }>;
  readonly account: Readonly<{ id: string; clientId: string; name: string }>;
  readonly org: Readonly<{ id: string; slug: string }>;
  /** What the key may do now: its own list cut down to the account's current grants (no list = all of them). */
  scopes: string[];
  /** The account's current audiences. */
  readonly audiences: readonly string[];
}

interface Row {
  kind: string;
  id: string | null;
  name: string | null;
  hint: string | null;
  list: string | null;
  createdAt: Date | string | null;
  expiresAt: Date | string | null;
  revokedAt: Date | string | null;
  lastUsedAt: Date | string | null;
  accountId: string | null;
  clientId: string | null;
  accountName: string | null;
  status: string | null;
  audiences: string | null;
  orgId: string | null;
  slug: string | null;
}

/**
 * The one answer to "what is this API key, right now?", for every place a
 * key is presented (the management API, introspection), in one query (it is
 * on the introspection hot path). Unknown, malformed, expired or revoked
 * keys, and keys of a deactivated account, are null. A scope removed from
 * the account stops working on its keys at once, even when the key was
 * created listing it.
 */
export async function resolveApiKey(value: string, now: Date, read: Read = hotRead): Promise<ResolvedApiKey | null> {
  if (!isWellFormedApiKey(value)) return null;
  const hash = hashCredential(value);
  const rows = await read<Row>(
    `
    SELECT 'key' AS "kind", k."id", k."name", k."hint", k."scopes" AS "list", k."createdAt", k."expiresAt", k."revokedAt", k."lastUsedAt",
           a."id" AS "accountId", a."clientId", a."name" AS "accountName", CAST(a."status" AS TEXT) AS "status", a."audiences",
           o."id" AS "orgId", o."slug"
      FROM "ApiKey" k JOIN "ServiceAccount" a ON a."id" = k."serviceAccountId" JOIN "Organization" o ON o."id" = a."orgId"
     WHERE k."hash" = ?
    UNION ALL
    SELECT 'grant', NULL, sc."name", NULL, NULL, NULL, g."expiresAt", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
      FROM "ApiKey" k JOIN "ServiceAccountScope" g ON g."serviceAccountId" = k."serviceAccountId" JOIN "Scope" sc ON sc."id" = g."scopeId"
     WHERE k."hash" = ?`,
    [hash, hash],
  );
  const key = keyOf(rows);
  if (!key || key.status !== "ACTIVE" || !isCredentialActive({ revokedAt: key.revokedAt, expiresAt: key.key.expiresAt }, now)) return null;
  // A time-boxed grant past its end is absent at once (expiresAt on a grant row is the grant's end).
  const granted = grantsInForce(key.grants, now).map((g) => g.name);
  return { key: key.key, account: key.account, org: key.org, scopes: key.listed ? granted.filter((s) => key.listed!.includes(s)) : granted, audiences: key.audiences };
}

/** The rows of one read as the key's facts, whatever the time (madeOncePerRead). */
const keyOf = madeOncePerRead((rows: readonly Row[]) => {
  const key = rows.find((r) => r.kind === "key");
  if (!key) return null;
  return {
    status: key.status,
    key: { id: key.id!, name: key.name!, hint: key.hint!, createdAt: dateFromRaw(key.createdAt)!, expiresAt: dateFromRaw(key.expiresAt), lastUsedAt: dateFromRaw(key.lastUsedAt) },
    revokedAt: dateFromRaw(key.revokedAt),
    account: { id: key.accountId!, clientId: key.clientId!, name: key.accountName! },
    org: { id: key.orgId!, slug: key.slug! },
    grants: rows.filter((r) => r.kind === "grant").map((r) => ({ name: r.name!, expiresAt: dateFromRaw(r.expiresAt) })).sort(byName),
    listed: key.list === null ? null : parseJsonList(key.list),
    audiences: parseJsonList(key.audiences),
  };
});
