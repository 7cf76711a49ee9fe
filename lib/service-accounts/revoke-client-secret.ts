import { transaction } from "../db";
import { AppError } from "../errors";
import { at } from "../clock";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { clientSecretRefSchema } from "../schemas/references";
import { parseInput } from "../validation";
import { findAndLockServiceAccount } from "./lookup";

export async function revokeClientSecret(actor: Actor, orgSlug: string, clientId: string, input: string, now?: Date) {
  const { secretId } = parseInput(clientSecretRefSchema, { secretId: input });
  const { org } = await authorizeOrg(actor, orgSlug, "service-accounts:write");
  const when = at(now);
  return transaction(async (tx) => {
    const account = await findAndLockServiceAccount(tx, org.id, clientId);
    const secret = await tx.clientSecret.findFirst({ where: { id: secretId, serviceAccountId: account.id } });
    if (!secret) throw new AppError("not_found", `Secret ${secretId} not found on ${clientId}`);
    if (secret.revokedAt) throw new AppError("conflict", "This secret is already revoked");
    await tx.clientSecret.update({ where: { id: secret.id }, data: { revokedAt: when } });
    await recordAuditEvent(tx, {
      orgId: org.id,
      occurredAt: when,
      action: "service_account.secret_revoked",
      actor,
      target: { type: "service_account", id: account.clientId, label: account.name },
      metadata: { secretId: secret.id, hint: secret.hint },
    });
    return { clientId: account.clientId, secretId: secret.id, revokedAt: when.toISOString() };
  });
}
