import { isWellFormedClientId } from "../credentials/format";
import { dateFromRaw as toDate } from "../db";
import { hotRead } from "../db-hot";
import { madeOncePerRead, type Read } from "../credentials/remembered-reads";
import { byName, grantsInForce } from "../service-accounts/credential-state";

/** What authenticating a client needs to know, read in one query (two with a token id); shared by requests (madeOncePerRead), so read-only. */
export interface ClientRecord {
  id: string;
  orgId: string;
  clientId: string;
  name: string;
  status: string;
  readonly audiences: readonly string[];
  tokenTtlSeconds: number;
  lastUsedAt: Date | null;
  /** Tokens issued before this (the last deactivation) no longer hold. */
  tokensValidAfter: Date | null;
  /** Secrets not revoked (they may still have expired). */
  readonly secrets: readonly Readonly<{ id: string; hash: string; expiresAt: Date | null; lastUsedAt: Date | null }>[];
  /** Grants in force at `now`: a time-boxed grant past its end is absent at once, whether or not maintenance has removed it yet. */
  readonly grants: readonly Readonly<{ scopeId: string; name: string; lastRequestedAt: Date | null; expiresAt: Date | null }>[];
  /** Read with a token id (see loadClient): that token id and whether it was revoked. */
  token: { jti: string; revoked: boolean } | null;
}

interface Row {
  kind: string;
  id: string;
  clientId: string | null;
  orgId: string | null;
  name: string | null;
  status: string | null;
  audiences: string | null;
  ttl: number | bigint | null;
  hash: string | null;
  expiresAt: Date | string | null;
  usedAt: Date | string | null;
  validAfter: Date | string | null;
}

/**
 * The account, its unrevoked secrets and its granted scopes in one round
 * trip: a UNION ALL (portable across SQLite and PostgreSQL) tagged by row
 * kind. This runs on every token, introspection and revocation request, so
 * it is one statement (where an include would send three) sent through
 * hotRead, below the Prisma client's query interpreter.
 */
const CLIENT_SQL = `
    SELECT 'account' AS "kind", a."id", a."clientId", a."orgId", a."name", CAST(a."status" AS TEXT) AS "status", a."audiences",
           a."tokenTtlSeconds" AS "ttl", NULL AS "hash", NULL AS "expiresAt", a."lastUsedAt" AS "usedAt", a."tokensValidAfter" AS "validAfter"
      FROM "ServiceAccount" a WHERE a."clientId" = ?
    UNION ALL
    SELECT 'secret', s."id", NULL, NULL, NULL, NULL, NULL, NULL, s."hash", s."expiresAt", s."lastUsedAt", NULL
      FROM "ClientSecret" s JOIN "ServiceAccount" a ON a."id" = s."serviceAccountId"
     WHERE a."clientId" = ? AND s."revokedAt" IS NULL
    UNION ALL
    SELECT 'grant', g."scopeId", NULL, NULL, sc."name", NULL, NULL, NULL, NULL, g."expiresAt", g."lastRequestedAt", NULL
      FROM "ServiceAccountScope" g JOIN "ServiceAccount" a ON a."id" = g."serviceAccountId" JOIN "Scope" sc ON sc."id" = g."scopeId"
     WHERE a."clientId" = ?`;

/**
 * Whether a token id was revoked: a statement of its own, because revoked
 * token ids move an epoch of their own (remembered-reads'
 * REVOCATIONS_WATCHED), so a revocation does not empty what is remembered of
 * accounts.
 */
const REVOKED_SQL = `SELECT "jti" FROM "RevokedToken" WHERE "jti" = ?`;

/**
 * The client record for `clientId` (CLIENT_SQL), through `read`. Given a
 * token id, `read` also learns whether it was revoked, at the same time:
 * with the account's own facts, that is all deciding whether one of the
 * account's tokens still holds needs (tokenSubjectOf), so a revocation reads
 * its caller and the token together.
 */
export async function loadClient(clientId: string, now: Date, read: Read = hotRead, jti: string | null = null): Promise<ClientRecord | null> {
  // Only an id of the shape Tessera issues can name an account; anything else is not
  // looked up (PostgreSQL would even refuse the query for a NUL byte in it).
  if (!isWellFormedClientId(clientId)) return null;
  const [rows, revoked] = await Promise.all([read<Row>(CLIENT_SQL, [clientId, clientId, clientId]), jti === null ? null : read<{ jti: string }>(REVOKED_SQL, [jti])]);
  const client = clientOf(rows);
  if (!client) return null;
  return {
    ...client,
    // A grant's end is the one fact here that depends on the time of the request.
    grants: grantsInForce(client.grants, now),
    token: jti === null ? null : { jti, revoked: revoked!.length > 0 },
  };
}

type ClientFacts = Omit<ClientRecord, "token">;

/** The rows of one read as a client record with every grant, in force or not (madeOncePerRead). */
const clientOf = madeOncePerRead((rows: readonly Row[]): ClientFacts | null => {
  const account = rows.find((r) => r.kind === "account");
  if (!account) return null;
  return {
    id: account.id,
    orgId: account.orgId!,
    clientId: account.clientId!,
    name: account.name!,
    status: account.status!,
    audiences: JSON.parse(account.audiences ?? "[]") as string[],
    tokenTtlSeconds: Number(account.ttl),
    lastUsedAt: toDate(account.usedAt),
    tokensValidAfter: toDate(account.validAfter),
    secrets: rows.filter((r) => r.kind === "secret").map((r) => ({ id: r.id, hash: r.hash!, expiresAt: toDate(r.expiresAt), lastUsedAt: toDate(r.usedAt) })),
    grants: rows
      .filter((r) => r.kind === "grant")
      .map((r) => ({ scopeId: r.id, name: r.name!, lastRequestedAt: toDate(r.usedAt), expiresAt: toDate(r.expiresAt) }))
      .sort(byName),
  };
});

/** What deciding whether an access token still holds needs to know, read together (loadClient with the token id). */
export interface TokenSubject {
  orgId: string;
  status: string;
  audiences: readonly string[];
  tokensValidAfter: Date | null;
  grants: string[];
  revoked: boolean;
}

/**
 * The token's account as it is at `now` (status, grants in force, audiences)
 * and whether its jti was revoked: the client record read with the token id,
 * seen as the token's subject (tokenSubjectOf), so the same reads and one
 * mapping serve a revocation's caller and an introspected token alike.
 */
export async function loadTokenSubject(clientId: string, jti: string, now: Date, read: Read = hotRead): Promise<TokenSubject | null> {
  const record = await loadClient(clientId, now, read, jti);
  return record && tokenSubjectOf(record, clientId, jti);
}

/**
 * A client record read with a token id (loadClient), as the subject of a
 * token of `clientId` with id `jti`: its facts in force at the record's
 * `now`. Null unless the record is that client's and was read with that
 * token id.
 */
export function tokenSubjectOf(record: ClientRecord, clientId: string, jti: string): TokenSubject | null {
  if (record.clientId !== clientId || record.token?.jti !== jti) return null;
  return {
    orgId: record.orgId,
    status: record.status,
    audiences: record.audiences,
    tokensValidAfter: record.tokensValidAfter,
    grants: record.grants.map((g) => g.name),
    revoked: record.token.revoked,
  };
}
