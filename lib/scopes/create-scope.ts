import { z } from "zod";
import { transaction, Prisma } from "../db";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { createScopeSchema } from "../schemas/service-account";
import { parseInput } from "../validation";

export async function createScope(actor: Actor, orgSlug: string, input: z.input<typeof createScopeSchema>) {
  const data = parseInput(createScopeSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "scopes:write");
  try {
    return await transaction(async (tx) => {
      const scope = await tx.scope.create({ data: { orgId: org.id, ...data } });
      await recordAuditEvent(tx, {
        orgId: org.id,
        action: "scope.created",
        actor,
        target: { type: "scope", id: scope.id, label: scope.name },
        metadata: { after: data },
      });
      return scope;
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw new AppError("conflict", `The scope ${data.name} already exists`, { fieldErrors: { name: ["This scope already exists"] } });
    }
    throw e;
  }
}
