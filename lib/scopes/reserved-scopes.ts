import { Prisma, transaction, type Tx } from "../db";

/** Scopes that exist in every organisation, for calling Tessera itself. All high-risk. */
export const RESERVED_SCOPES = [
  { name: "tessera:introspect", description: "Introspect access tokens and API keys of this organisation" },
  { name: "tessera:service-accounts:read", description: "Read service accounts through the management API" },
  { name: "tessera:service-accounts:write", description: "Create, change and delete service accounts and credentials" },
  { name: "tessera:audit:read", description: "Read and export the audit trail" },
  { name: "tessera:scopes:write", description: "Create, change and delete scopes in the catalog through the management API" },
  { name: "tessera:change-requests:approve", description: "Approve or reject change requests (a reviewed decision for a machine)" },
] as const;

/** Creates whichever reserved scopes an organisation lacks, inside the caller's transaction. */
export async function ensureReservedScopes(tx: Tx, orgId: string): Promise<void> {
  const existing = await tx.scope.findMany({ where: { orgId, reserved: true }, select: { name: true } });
  const have = new Set(existing.map((s) => s.name));
  for (const scope of RESERVED_SCOPES) {
    if (!have.has(scope.name)) {
      await tx.scope.create({ data: { orgId, name: scope.name, description: scope.description, highRisk: true, reserved: true } });
    }
  }
}

/** For organisations made before the catalog existed; a concurrent caller winning the race is fine. */
export async function backfillReservedScopes(orgId: string): Promise<void> {
  try {
    await transaction((tx) => ensureReservedScopes(tx, orgId));
  } catch (e) {
    if (!(e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")) throw e;
  }
}
