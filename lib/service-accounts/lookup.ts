import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { serviceAccountRefSchema } from "../schemas/references";
import { parseInput } from "../validation";

export type Client = Tx | ReturnType<typeof db>;

/**
 * A service account of this organisation by client id; any other answers
 * 404. Every domain function that names an account by client id finds it
 * here, so this is where the id is parsed: a non-string is refused before
 * it can reach the query as a filter.
 */
export async function findServiceAccount(client: Client, orgId: string, input: string) {
  const { clientId } = parseInput(serviceAccountRefSchema, { clientId: input });
  const account = await client.serviceAccount.findFirst({ where: { orgId, clientId } });
  if (!account) throw new AppError("not_found", `Service account ${clientId} not found`);
  return account;
}

/**
 * Lock the account's row for the rest of the transaction (PostgreSQL row
 * lock; SQLite already holds the database write lock): rules that count an
 * account's credentials must not race each other.
 */
export async function lockServiceAccount(tx: Tx, accountId: string) {
  await tx.$executeRaw`UPDATE "ServiceAccount" SET "updatedAt" = "updatedAt" WHERE "id" = ${accountId}`;
}

/**
 * findServiceAccount with the row locked first, so what it returns is the
 * account as it is under the lock: a change that committed while this
 * transaction waited for the row (another deactivation, a PATCH with the
 * same If-Match) is seen, not a copy read before the wait.
 */
export async function findAndLockServiceAccount(tx: Tx, orgId: string, input: string) {
  const { clientId } = parseInput(serviceAccountRefSchema, { clientId: input });
  await tx.$executeRaw`UPDATE "ServiceAccount" SET "updatedAt" = "updatedAt" WHERE "orgId" = ${orgId} AND "clientId" = ${clientId}`;
  return findServiceAccount(tx, orgId, clientId);
}

/** Map scope names to the organisation's catalog; unknown names are a field error. */
export async function resolveScopes(client: Client, orgId: string, names: string[]) {
  if (names.length === 0) return [];
  const scopes = await client.scope.findMany({ where: { orgId, name: { in: names } } });
  const known = new Set(scopes.map((s) => s.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) {
    const message = `Unknown scope${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")} (create ${unknown.length > 1 ? "them" : "it"} in the scope catalog first)`;
    throw new AppError("validation_failed", message, { fieldErrors: { scopes: [message] } });
  }
  return scopes;
}

/** The org slug that owns a client id; lets the CLI omit --org. */
export async function orgSlugOfClientId(input: string): Promise<string> {
  const { clientId } = parseInput(serviceAccountRefSchema, { clientId: input });
  const account = await db().serviceAccount.findUnique({ where: { clientId }, select: { org: { select: { slug: true } } } });
  if (!account) throw new AppError("not_found", `Service account ${clientId} not found`);
  return account.org.slug;
}
