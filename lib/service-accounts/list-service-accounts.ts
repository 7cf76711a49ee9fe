import { z } from "zod";
import { db, dbProvider, type Prisma } from "../db";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { parseInput } from "../validation";
import { parseJsonList } from "./credential-state";

export const listServiceAccountsSchema = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(["ACTIVE", "DISABLED"]).optional(),
  scope: z.string().trim().max(100).optional(),
  audience: z.string().trim().max(200).optional(),
  sort: z.enum(["name", "createdAt", "lastUsedAt", "status"]).default("name"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListServiceAccountsQuery = z.input<typeof listServiceAccountsSchema>;

/** Case-insensitive substring match on both databases (SQLite's LIKE already is, for ASCII). */
function containsInsensitive(q: string) {
  return (dbProvider() === "postgresql" ? { contains: q, mode: "insensitive" } : { contains: q }) as { contains: string };
}

/** One page of an organisation's service accounts, searched, filtered and sorted in the database. */
export async function listServiceAccounts(actor: Actor, orgSlug: string, query: ListServiceAccountsQuery = {}) {
  const { q, status, scope, audience, sort, dir, page, pageSize } = parseInput(listServiceAccountsSchema, query);
  const { org } = await authorizeOrg(actor, orgSlug, "service-accounts:read");
  const where: Prisma.ServiceAccountWhereInput = {
    orgId: org.id,
    ...(status ? { status } : {}),
    ...(q ? { OR: [{ name: containsInsensitive(q) }, { clientId: { contains: q } }, { description: containsInsensitive(q) }] } : {}),
    ...(scope ? { scopes: { some: { scope: { name: scope } } } } : {}),
    // audiences is a JSON array: match the quoted element, not a substring of one
    ...(audience ? { audiences: { contains: JSON.stringify(audience) } } : {}),
  };
  const orderBy: Prisma.ServiceAccountOrderByWithRelationInput[] =
    sort === "lastUsedAt" ? [{ lastUsedAt: { sort: dir, nulls: "last" } }, { name: "asc" }] : [{ [sort]: dir }, { id: "asc" }];
  const [total, rows] = await Promise.all([
    db().serviceAccount.count({ where }),
    db().serviceAccount.findMany({
      where,
      orderBy,
      skip: (page - 1) * pageSize,
      take: pageSize,
      include: {
        scopes: { include: { scope: { select: { name: true, highRisk: true } } } },
        secrets: { where: { revokedAt: null }, orderBy: { createdAt: "desc" }, take: 1, select: { createdAt: true } },
      },
    }),
  ]);
  return {
    total,
    page,
    pageSize,
    rows: rows.map((a) => ({
      clientId: a.clientId,
      name: a.name,
      description: a.description,
      status: a.status,
      scopes: a.scopes.map((g) => g.scope).sort((x, y) => x.name.localeCompare(y.name)),
      audiences: parseJsonList(a.audiences),
      tokenTtlSeconds: a.tokenTtlSeconds,
      lastUsedAt: a.lastUsedAt?.toISOString() ?? null,
      newestSecretAt: a.secrets[0]?.createdAt.toISOString() ?? null,
      createdAt: a.createdAt.toISOString(),
    })),
  };
}
export type ServiceAccountRow = Awaited<ReturnType<typeof listServiceAccounts>>["rows"][number];
