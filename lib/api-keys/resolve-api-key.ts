import { dateFromRaw } from "../db";
import { hotRead } from "../db-hot";
import type { Read } from "../credentials/remembered-reads";
import { isWellFormedApiKey } from "../credentials/format";
import { hashCredential } from "../credentials/hash";
import { grantInForce, isCredentialActive, parseJsonList } from "../service-accounts/credential-state";

export interface ResolvedApiKey {
  key: { id: string; name: string; hint: string; createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null };
  account: { id: string; clientId: string; name: string };
  org: { id: string; slug: string };
  /** What the key may do now: its own list cut down to the account's current grants (no list = all of them). */
  scopes: string[];
  /** The account's current audiences. */
  audiences: string[];
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
  const key = rows.find((r) => r.kind === "key");
  if (!key || key.status !== "ACTIVE" || !isCredentialActive({ revokedAt: dateFromRaw(key.revokedAt), expiresAt: dateFromRaw(key.expiresAt) }, now)) return null;
  // A time-boxed grant past its end is absent at once (expiresAt on a grant row is the grant's end).
  const granted = rows.filter((r) => r.kind === "grant" && grantInForce(dateFromRaw(r.expiresAt), now)).map((r) => r.name!).sort();
  const listed = key.list === null ? null : new Set(parseJsonList(key.list));
  return {
    key: { id: key.id!, name: key.name!, hint: key.hint!, createdAt: dateFromRaw(key.createdAt)!, expiresAt: dateFromRaw(key.expiresAt), lastUsedAt: dateFromRaw(key.lastUsedAt) },
    account: { id: key.accountId!, clientId: key.clientId!, name: key.accountName! },
    org: { id: key.orgId!, slug: key.slug! },
    scopes: listed ? granted.filter((s) => listed.has(s)) : granted,
    audiences: parseJsonList(key.audiences),
  };
}
