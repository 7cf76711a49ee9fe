import { db } from "../db";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { backfillReservedScopes, RESERVED_SCOPES } from "./reserved-scopes";

export interface ScopeView {
  id: string;
  name: string;
  description: string;
  highRisk: boolean;
  reserved: boolean;
  /** How many service accounts hold it. */
  holders: number;
  updatedAt: string;
}

/** The organisation's scope catalog, reserved scopes included. */
export async function listScopes(actor: Actor, orgSlug: string): Promise<ScopeView[]> {
  const { org } = await authorizeOrg(actor, orgSlug, "scopes:read");
  const reservedCount = await db().scope.count({ where: { orgId: org.id, reserved: true } });
  if (reservedCount < RESERVED_SCOPES.length) await backfillReservedScopes(org.id);
  const scopes = await db().scope.findMany({
    where: { orgId: org.id },
    orderBy: { name: "asc" },
    include: { _count: { select: { grants: true } } },
  });
  return scopes.map((s) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    highRisk: s.highRisk,
    reserved: s.reserved,
    holders: s._count.grants,
    updatedAt: s.updatedAt.toISOString(),
  }));
}
