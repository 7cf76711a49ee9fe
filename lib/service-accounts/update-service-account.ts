import { transaction, Prisma } from "../db";
import { AppError } from "../errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { updateServiceAccountSchema, type UpdateServiceAccountInput } from "../schemas/service-account";
import { parseInput } from "../validation";
import { findServiceAccount, lockServiceAccount, resolveScopes } from "./lookup";
import { diffAccount } from "./diff-account";
import { parseJsonList } from "./credential-state";
import { accountVersion, assertVersion, type VersionCheck } from "../resource-version";

/**
 * Change name, description, scopes, audiences or token lifetime; the audit
 * event holds before/after. With `ifVersion`, the change applies only if the
 * account is still at that version (checked under the row lock).
 */
export async function updateServiceAccount(actor: Actor, orgSlug: string, clientId: string, input: UpdateServiceAccountInput, options: VersionCheck = {}) {
  const data = parseInput(updateServiceAccountSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "service-accounts:write");
  try {
    return await transaction(async (tx) => {
      const account = await findServiceAccount(tx, org.id, clientId);
      await lockServiceAccount(tx, account.id);
      const grants = await tx.serviceAccountScope.findMany({ where: { serviceAccountId: account.id }, include: { scope: true } });
      const current = {
        name: account.name,
        description: account.description,
        scopes: grants.map((g) => g.scope.name).sort(),
        audiences: parseJsonList(account.audiences),
        tokenTtlSeconds: account.tokenTtlSeconds,
      };
      assertVersion(accountVersion({ ...current, clientId: account.clientId, status: account.status, ownerUserId: account.ownerUserId }), options.ifVersion, `Service account ${account.clientId}`);
      const next = { ...data, scopes: data.scopes ? [...data.scopes].sort() : undefined };
      // The same rule the console's review step shows: lists as sets, text trimmed.
      const diff = diffAccount(current, next).audit;
      if (!diff) return { clientId, changed: false };

      let highRiskScopes: string[] = [];
      if (next.scopes) {
        // Only removed grants go and only new ones are made: a kept grant keeps its
        // history (grantedAt, lastRequestedAt), which least-privilege findings read.
        const scopes = await resolveScopes(tx, org.id, next.scopes);
        const wanted = new Set(scopes.map((s) => s.id));
        const held = new Set(grants.map((g) => g.scopeId));
        const added = scopes.filter((s) => !held.has(s.id));
        await tx.serviceAccountScope.deleteMany({ where: { serviceAccountId: account.id, scopeId: { notIn: [...wanted] } } });
        await tx.serviceAccountScope.createMany({ data: added.map((s) => ({ serviceAccountId: account.id, scopeId: s.id })) });
        highRiskScopes = added.filter((s) => s.highRisk).map((s) => s.name);
      }
      await tx.serviceAccount.update({
        where: { id: account.id },
        data: {
          name: data.name,
          description: data.description,
          audiences: data.audiences ? JSON.stringify(data.audiences) : undefined,
          tokenTtlSeconds: data.tokenTtlSeconds,
          updatedById: actor.id,
          updatedByLabel: actor.label,
        },
      });
      await recordAuditEvent(tx, {
        orgId: org.id,
        action: "service_account.updated",
        actor,
        target: { type: "service_account", id: account.clientId, label: data.name ?? account.name },
        // highRiskScopes: the high-risk scopes this change newly granted (the org home lists such changes).
        metadata: { ...diff, highRiskScopes },
      });
      return { clientId, changed: true };
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
