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
import { approvalRequired } from "../change-requests/approval-required";
import { openChangeRequest } from "../change-requests/open-change-request";
import type { ChangeRequestView } from "../change-requests/present-change-request";
import type { Scope } from "../generated/sqlite/client";

/**
 * Change a scope's description or high-risk flag. Where the organisation
 * requires approval, clearing the flag is itself a change request (it would
 * let the scope be granted without one): the whole change waits.
 */
export async function updateScope(actor: Actor, orgSlug: string, name: string, input: z.input<typeof updateScopeSchema>, options: VersionCheck = {}): Promise<Scope & { changeRequest?: ChangeRequestView }> {
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
    if (scope.highRisk && data.highRisk === false && (await approvalRequired(tx, org.id))) {
      const changes = Object.keys(diff.after).map((field) =>
        field === "highRisk"
          ? { field, label: "High risk", before: "yes", after: "no" }
          : { field, label: "Description", before: String(diff.before[field] || "(none)"), after: String(diff.after[field] || "(none)") },
      );
      const changeRequest = await openChangeRequest(tx, {
        orgId: org.id,
        actor,
        kind: "update_scope",
        target: { type: "scope", id: scope.name, label: scope.name },
        payload: { summary: `Clear the high-risk flag of ${scope.name}`, changes, scope: data },
        baseVersion: scopeVersion(scope),
        now: new Date(),
      });
      return { ...scope, changeRequest };
    }
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
