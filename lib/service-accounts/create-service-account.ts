import { transaction, Prisma } from "../db";
import { AppError } from "../errors";
import { at } from "../clock";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { generateClientId } from "../credentials/format";
import { createServiceAccountSchema, type CreateServiceAccountInput } from "../schemas/service-account";
import { parseInput } from "../validation";
import { resolveScopes } from "./lookup";
import { issueClientSecret } from "./issue-client-secret";

/**
 * Create a service account with its first client secret. The plaintext
 * secret is in this function's result and nowhere else, ever.
 */
export async function createServiceAccount(actor: Actor, orgSlug: string, input: CreateServiceAccountInput, now?: Date) {
  const data = parseInput(createServiceAccountSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "service-accounts:write");
  const when = at(now);
  try {
    return await transaction(async (tx) => {
      const scopes = await resolveScopes(tx, org.id, data.scopes);
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
          scopes: { create: scopes.map((s) => ({ scopeId: s.id })) },
        },
      });
      const { clientSecret, secret } = await issueClientSecret(tx, account.id, when);
      await recordAuditEvent(tx, {
        orgId: org.id,
        occurredAt: when,
        action: "service_account.created",
        actor,
        target: { type: "service_account", id: account.clientId, label: account.name },
        metadata: {
          after: { name: data.name, scopes: data.scopes, audiences: data.audiences, tokenTtlSeconds: data.tokenTtlSeconds },
          secretId: secret.id,
          highRiskScopes: scopes.filter((s) => s.highRisk).map((s) => s.name),
        },
      });
      return {
        clientId: account.clientId,
        clientSecret,
        secretId: secret.id,
        name: account.name,
        scopes: data.scopes,
        audiences: data.audiences,
        tokenTtlSeconds: account.tokenTtlSeconds,
        status: account.status,
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
