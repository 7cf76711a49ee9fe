import { transaction, Prisma } from "../db";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import { ensureReservedScopes } from "../scopes/reserved-scopes";
import type { Actor } from "../audit/types";
import { createOrganizationSchema, type CreateOrganizationInput } from "../schemas/organization";
import { parseInput } from "../validation";

/**
 * Create an organisation. A signed-in user becomes its OWNER; the CLI
 * operator names the owner by user id (or none, adding members later).
 */
export async function createOrganization(
  actor: Actor,
  input: CreateOrganizationInput & { ownerUserId?: string },
) {
  const { slug, name } = parseInput(createOrganizationSchema, input);
  const ownerUserId = actor.type === "user" ? actor.id : input.ownerUserId;
  if (actor.type !== "user" && actor.type !== "cli" && actor.type !== "system") {
    throw new AppError("forbidden", "Only people and the operator create organisations");
  }
  try {
    return await transaction(async (tx) => {
      const org = await tx.organization.create({ data: { slug, name } });
      await ensureReservedScopes(tx, org.id);
      if (ownerUserId) {
        await tx.membership.create({ data: { orgId: org.id, userId: ownerUserId, role: "OWNER" } });
      }
      await recordAuditEvent(tx, {
        orgId: org.id,
        action: "organization.created",
        actor,
        target: { type: "organization", id: org.id, label: slug },
        metadata: { after: { slug, name }, ownerUserId: ownerUserId ?? null },
      });
      return org;
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw new AppError("conflict", `The slug "${slug}" is taken`, { fieldErrors: { slug: ["This slug is taken"] } });
    }
    throw e;
  }
}
