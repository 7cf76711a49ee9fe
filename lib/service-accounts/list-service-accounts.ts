import { z } from "zod";
import { db, dbProvider, type Prisma } from "../db";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { parseInput } from "../validation";
import { AppError } from "../errors";
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
  /**
   * Keyset paging (the management API): the `nextCursor` of the previous
   * page; `page` is then ignored. Offered for the name and createdAt sorts.
   */
  cursor: z.string().max(300).optional(),
});
export type ListServiceAccountsQuery = z.input<typeof listServiceAccountsSchema>;

/** Case-insensitive substring match on both databases (SQLite's LIKE already is, for ASCII). */
function containsInsensitive(q: string) {
  return (dbProvider() === "postgresql" ? { contains: q, mode: "insensitive" } : { contains: q }) as { contains: string };
}

type KeysetSort = "name" | "createdAt";
interface Cursor {
  s: KeysetSort;
  d: "asc" | "desc";
  v: string;
  id: string;
}
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decodeCursor(value: string, sort: string, dir: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Cursor;
    if (c.s === sort && c.d === dir && typeof c.v === "string" && typeof c.id === "string") return c;
  } catch {
    // fall through
  }
  throw new AppError("validation_failed", "Invalid cursor for this sort", { fieldErrors: { cursor: ["Invalid cursor for this sort"] } });
}

/** Rows after the cursor in (sort dir, id asc) order. */
function after(c: Cursor): Prisma.ServiceAccountWhereInput {
  const value = c.s === "createdAt" ? new Date(c.v) : c.v;
  const beyond = c.d === "asc" ? { gt: value } : { lt: value };
  return { OR: [{ [c.s]: beyond }, { [c.s]: value, id: { gt: c.id } }] };
}

/**
 * One page of an organisation's service accounts, searched, filtered and
 * sorted in the database: by page number (the console) or by keyset cursor
 * (the management API), which stays exact while accounts are added.
 */
export async function listServiceAccounts(actor: Actor, orgSlug: string, query: ListServiceAccountsQuery = {}) {
  const { q, status, scope, audience, sort, dir, page, pageSize, cursor } = parseInput(listServiceAccountsSchema, query);
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
  const keyset = sort === "name" || sort === "createdAt" ? sort : null;
  const start = cursor ? decodeCursor(cursor, sort, dir) : null;
  const [total, found] = await Promise.all([
    db().serviceAccount.count({ where }),
    db().serviceAccount.findMany({
      where: start ? { AND: [where, after(start)] } : where,
      orderBy,
      skip: start ? 0 : (page - 1) * pageSize,
      take: pageSize + 1,
      include: {
        scopes: { include: { scope: { select: { name: true, highRisk: true } } } },
        secrets: { where: { revokedAt: null }, orderBy: { createdAt: "desc" }, take: 1, select: { createdAt: true } },
        owner: { select: { email: true } },
      },
    }),
  ]);
  const rows = found.slice(0, pageSize);
  const last = rows.at(-1);
  const nextCursor =
    keyset && last && found.length > pageSize
      ? encodeCursor({ s: keyset, d: dir, v: keyset === "name" ? last.name : last.createdAt.toISOString(), id: last.id })
      : null;
  return {
    total,
    page,
    pageSize,
    nextCursor,
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
      ownerEmail: a.owner?.email ?? null,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    })),
  };
}
export type ServiceAccountRow = Awaited<ReturnType<typeof listServiceAccounts>>["rows"][number];
