import { transaction, Prisma } from "../db";
import { at } from "../clock";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { updateServiceAccountSchema, type UpdateServiceAccountInput } from "../schemas/service-account";
import { parseInput } from "../validation";
import { resolveScopes } from "./lookup";
import { diffAccount } from "./diff-account";
import { assertVersion, type VersionCheck } from "../resource-version";
import { lockAccountState } from "./account-state";
import { writeAccountUpdate } from "./write-account-update";
import { approvalRequired } from "../change-requests/approval-required";
import { openChangeRequest } from "../change-requests/open-change-request";
import { checkGrantDuration, grantEndFrom } from "../change-requests/policy";

/**
 * Change name, description, scopes, audiences or token lifetime; the audit
 * event holds before/after. With `ifVersion`, the change applies only if the
 * account is still at that version (checked under the row lock). Scopes it
 * adds may be time-boxed (`grantForSeconds`). When the organisation requires
 * approval and the change grants a high-risk scope, nothing is written: the
 * whole change waits as a change request (`changeRequest` in the result),
 * and applies exactly as sent once someone else approves it.
 */
export async function updateServiceAccount(
  actor: Actor,
  orgSlug: string,
  clientId: string,
  input: UpdateServiceAccountInput,
  options: VersionCheck & { now?: Date } = {},
) {
  const { grantForSeconds, ...data } = parseInput(updateServiceAccountSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "service-accounts:write");
  const grantFor = checkGrantDuration(grantForSeconds);
  const when = at(options.now);
  try {
    return await transaction(async (tx) => {
      const locked = await lockAccountState(tx, org.id, clientId);
      const { account } = locked;
      assertVersion(locked.version, options.ifVersion, `Service account ${account.clientId}`);
      const next = { ...data, scopes: data.scopes ? [...data.scopes].sort() : undefined };
      // The same rule the console's review step shows: lists as sets, text trimmed.
      const diff = diffAccount(locked.fields, next);
      if (!diff.audit) return { clientId, changed: false as const };

      const added = next.scopes ? (await resolveScopes(tx, org.id, next.scopes)).filter((s) => !locked.grants.some((g) => g.scopeId === s.id)) : [];
      const highRisk = added.filter((s) => s.highRisk).map((s) => s.name);
      if (highRisk.length && (await approvalRequired(tx, org.id))) {
        const changeRequest = await openChangeRequest(tx, {
          orgId: org.id,
          actor,
          kind: "update_service_account",
          target: { type: "service_account", id: account.clientId, label: account.name },
          payload: { summary: `Change ${account.name}, granting ${highRisk.join(", ")}`, changes: diff.changes, grantForSeconds: grantFor, patch: diff.patch },
          baseVersion: locked.version,
          now: when,
        });
        return { clientId, changed: false as const, changeRequest };
      }

      const grantEnd = grantEndFrom(when, grantFor);
      const { highRiskScopes } = await writeAccountUpdate(tx, org.id, locked, diff.patch, { actor, grantEnd });
      await recordAuditEvent(tx, {
        orgId: org.id,
        occurredAt: when,
        action: "service_account.updated",
        actor,
        target: { type: "service_account", id: account.clientId, label: data.name ?? account.name },
        // highRiskScopes: the high-risk scopes this change newly granted (the org home lists such changes).
        metadata: { ...diff.audit, highRiskScopes, ...(grantEnd && added.length ? { grantExpiresAt: grantEnd.toISOString() } : {}) },
      });
      return { clientId, changed: true as const };
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw new AppError("conflict", `A service account named "${data.name}" already exists`, {
        fieldErrors: { name: ["This name is taken in this organisation"] },
      });
    }
    throw e;
  }
}
