import { transaction, Prisma } from "../db";
import { AppError } from "../errors";
import { at } from "../clock";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { generateClientId } from "../credentials/format";
import { createServiceAccountSchema, type CreateServiceAccountInput } from "../schemas/service-account";
import { parseInput } from "../validation";
import { accountVersion } from "../resource-version";
import { resolveScopes } from "./lookup";
import { issueClientSecret } from "./issue-client-secret";
import { approvalRequired } from "../change-requests/approval-required";
import { openChangeRequest } from "../change-requests/open-change-request";
import { checkGrantDuration, grantEndFrom } from "../change-requests/policy";

/**
 * Create a service account with its first client secret. The plaintext
 * secret is in this function's result and nowhere else, ever. Its scopes
 * may be time-boxed (`grantForSeconds`). When the organisation requires
 * approval, the account is still created (its secret is shown this once)
 * with every scope but the high-risk ones, which wait as a change request
 * (`changeRequest` in the result; `scopes` lists what it holds now).
 */
export async function createServiceAccount(actor: Actor, orgSlug: string, input: CreateServiceAccountInput, now?: Date) {
  const { grantForSeconds, ...data } = parseInput(createServiceAccountSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "service-accounts:write");
  const grantFor = checkGrantDuration(grantForSeconds);
  const when = at(now);
  try {
    return await transaction(async (tx) => {
      const scopes = await resolveScopes(tx, org.id, data.scopes);
      const withheld = scopes.some((s) => s.highRisk) && (await approvalRequired(tx, org.id)) ? scopes.filter((s) => s.highRisk) : [];
      const granted = scopes.filter((s) => !withheld.includes(s));
      const grantEnd = grantEndFrom(when, grantFor);
      const account = await tx.serviceAccount.create({
        data: {
          orgId: org.id,
          clientId: generateClientId(),
          name: data.name,
          description: data.description,
          audiences: JSON.stringify(data.audiences),
          tokenTtlSeconds: data.tokenTtlSeconds,
          createdById: actor.id,
          createdByLabel: actor.label,
          updatedById: actor.id,
          updatedByLabel: actor.label,
          createdAt: when,
          scopes: { create: granted.map((s) => ({ scopeId: s.id, expiresAt: grantEnd })) },
        },
      });
      const grantedNames = data.scopes.filter((n) => granted.some((s) => s.name === n));
      const { clientSecret, secret } = await issueClientSecret(tx, account.id, when);
      await recordAuditEvent(tx, {
        orgId: org.id,
        occurredAt: when,
        action: "service_account.created",
        actor,
        target: { type: "service_account", id: account.clientId, label: account.name },
        metadata: {
          after: { name: data.name, scopes: grantedNames, audiences: data.audiences, tokenTtlSeconds: data.tokenTtlSeconds },
          secretId: secret.id,
          highRiskScopes: granted.filter((s) => s.highRisk).map((s) => s.name),
          ...(withheld.length ? { awaitingApproval: withheld.map((s) => s.name) } : {}),
          ...(grantEnd && granted.length ? { grantExpiresAt: grantEnd.toISOString() } : {}),
        },
      });
      const changeRequest = withheld.length
        ? await openChangeRequest(tx, {
            orgId: org.id,
            actor,
            kind: "grant_scopes",
            target: { type: "service_account", id: account.clientId, label: account.name },
            payload: {
              summary: `Grant ${withheld.map((s) => s.name).join(", ")} to ${account.name}`,
              changes: [{ field: "scopes", label: "Scopes", added: withheld.map((s) => s.name), removed: [] }],
              grantForSeconds: grantFor,
              scopes: withheld.map((s) => s.name),
            },
            baseVersion: accountVersion({ ...account, scopes: grantedNames, audiences: data.audiences }),
            now: when,
          })
        : undefined;
      return {
        clientId: account.clientId,
        clientSecret,
        secretId: secret.id,
        name: account.name,
        scopes: grantedNames,
        audiences: data.audiences,
        tokenTtlSeconds: account.tokenTtlSeconds,
        status: account.status,
        ...(changeRequest ? { changeRequest } : {}),
      };
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
