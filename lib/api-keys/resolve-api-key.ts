import { db } from "../db";
import { isWellFormedApiKey } from "../credentials/format";
import { hashCredential } from "../credentials/hash";
import { isCredentialActive, parseJsonList } from "../service-accounts/credential-state";

export interface ResolvedApiKey {
  key: { id: string; name: string; hint: string; createdAt: Date; expiresAt: Date | null };
  account: { id: string; clientId: string; name: string };
  org: { id: string; slug: string };
  /** What the key may do now: its own list cut down to the account's current grants (no list = all of them). */
  scopes: string[];
  /** The account's current audiences. */
  audiences: string[];
}

/**
 * The one answer to "what is this API key, right now?", for every place a
 * key is presented (the management API, introspection). Unknown, malformed,
 * expired or revoked keys, and keys of a deactivated account, are null. A
 * scope removed from the account stops working on its keys at once, even
 * when the key was created listing it.
 */
export async function resolveApiKey(value: string, now: Date): Promise<ResolvedApiKey | null> {
  if (!isWellFormedApiKey(value)) return null;
  const key = await db().apiKey.findUnique({
    where: { hash: hashCredential(value) },
    select: {
      id: true, name: true, hint: true, scopes: true, createdAt: true, expiresAt: true, revokedAt: true,
      serviceAccount: {
        select: {
          id: true, clientId: true, name: true, status: true, audiences: true,
          org: { select: { id: true, slug: true } },
          scopes: { select: { scope: { select: { name: true } } } },
        },
      },
    },
  });
  if (!key || !isCredentialActive(key, now) || key.serviceAccount.status !== "ACTIVE") return null;
  const account = key.serviceAccount;
  const granted = account.scopes.map((g) => g.scope.name).sort();
  const listed = key.scopes === null ? null : new Set(parseJsonList(key.scopes));
  return {
    key: { id: key.id, name: key.name, hint: key.hint, createdAt: key.createdAt, expiresAt: key.expiresAt },
    account: { id: account.id, clientId: account.clientId, name: account.name },
    org: account.org,
    scopes: listed ? granted.filter((s) => listed.has(s)) : granted,
    audiences: parseJsonList(account.audiences),
  };
}
