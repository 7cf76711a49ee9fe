import { transaction } from "../db";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { scopeRefSchema } from "../schemas/references";
import { parseInput } from "../validation";
import { approvalRequired } from "../change-requests/approval-required";

/**
 * A scope can be deleted only while no service account holds it, and a
 * high-risk one, while four-eyes approval is on, only once its flag is cleared.
 */
export async function deleteScope(actor: Actor, orgSlug: string, input: string) {
  const { scopeName } = parseInput(scopeRefSchema, { scopeName: input });
  const { org } = await authorizeOrg(actor, orgSlug, "scopes:write");
  await transaction(async (tx) => {
    const scope = await tx.scope.findUnique({
      where: { orgId_name: { orgId: org.id, name: scopeName } },
      include: { _count: { select: { grants: true } } },
    });
    if (!scope) throw new AppError("not_found", `Scope ${scopeName} not found`);
    if (scope.reserved) throw new AppError("bad_request", "Reserved tessera:* scopes cannot be deleted");
    // Deleting and re-creating it would clear its high-risk flag without the
    // change request that clearing the flag needs under four-eyes approval.
    if (scope.highRisk && (await approvalRequired(tx, org.id))) {
      throw new AppError("conflict", `${scope.name} is high-risk and changes need approval here: clear its high-risk flag first (a change request), then delete it`);
    }
    if (scope._count.grants > 0) {
      throw new AppError("conflict", `${scope._count.grants} service account(s) hold ${scope.name}; remove it from them first`);
    }
    await tx.scope.delete({ where: { id: scope.id } });
    await recordAuditEvent(tx, {
      orgId: org.id,
      action: "scope.deleted",
      actor,
      target: { type: "scope", id: scope.id, label: scope.name },
      metadata: { before: { description: scope.description, highRisk: scope.highRisk } },
    });
  });
}
