import { z } from "zod";
import { transaction } from "../db";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { updateScopeSchema } from "../schemas/service-account";
import { scopeRefSchema } from "../schemas/references";
import { parseInput } from "../validation";
import { changedFields } from "../service-accounts/changed-fields";
import { assertVersion, scopeVersion, type VersionCheck } from "../resource-version";

export async function updateScope(actor: Actor, orgSlug: string, name: string, input: z.input<typeof updateScopeSchema>, options: VersionCheck = {}) {
  const { scopeName } = parseInput(scopeRefSchema, { scopeName: name });
  const data = parseInput(updateScopeSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "scopes:write");
  return transaction(async (tx) => {
    const scope = await tx.scope.findUnique({ where: { orgId_name: { orgId: org.id, name: scopeName } } });
    if (!scope) throw new AppError("not_found", `Scope ${scopeName} not found`);
    if (scope.reserved) throw new AppError("bad_request", "Reserved tessera:* scopes cannot be changed");
    assertVersion(scopeVersion(scope), options.ifVersion, `Scope ${scope.name}`);
    const diff = changedFields(scope, data);
    if (!diff) return scope;
    const updated = await tx.scope.update({ where: { id: scope.id }, data });
    await recordAuditEvent(tx, {
      orgId: org.id,
      action: "scope.updated",
      actor,
      target: { type: "scope", id: scope.id, label: scope.name },
      metadata: diff,
    });
    return updated;
  });
}
