import { transaction } from "../db";
import { AppError } from "../errors";
import { at } from "../clock";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { credentialHint, generateApiKey } from "../credentials/format";
import { hashCredential } from "../credentials/hash";
import { createApiKeySchema, type CreateApiKeyInput } from "../schemas/service-account";
import { parseInput } from "../validation";
import { findServiceAccount } from "../service-accounts/lookup";

/** Issue an API key for a service account; its plaintext is returned here only. */
export async function createApiKey(actor: Actor, orgSlug: string, clientId: string, input: CreateApiKeyInput, now?: Date) {
  const data = parseInput(createApiKeySchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "service-accounts:write");
  const when = at(now);
  return transaction(async (tx) => {
    const account = await findServiceAccount(tx, org.id, clientId);
    if (data.scopes) {
      const held = new Set(
        (await tx.serviceAccountScope.findMany({ where: { serviceAccountId: account.id }, include: { scope: true } })).map((g) => g.scope.name),
      );
      const extra = data.scopes.filter((s) => !held.has(s));
      if (extra.length) {
        const message = `An API key can only carry scopes its account holds; ${account.name} does not hold ${extra.join(", ")}`;
        throw new AppError("validation_failed", message, { fieldErrors: { scopes: [message] } });
      }
    }
    const apiKey = generateApiKey();
    const expiresAt = data.expiresInDays === null ? null : new Date(when.getTime() + data.expiresInDays * 86_400_000);
    const row = await tx.apiKey.create({
      data: {
        orgId: org.id,
        serviceAccountId: account.id,
        name: data.name,
        hash: hashCredential(apiKey),
        hint: credentialHint(apiKey),
        scopes: data.scopes ? JSON.stringify(data.scopes) : null,
        createdAt: when,
        expiresAt,
      },
    });
    await recordAuditEvent(tx, {
      orgId: org.id,
      occurredAt: when,
      action: "api_key.created",
      actor,
      target: { type: "api_key", id: row.id, label: data.name },
      metadata: { clientId: account.clientId, scopes: data.scopes ?? null, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { id: row.id, apiKey, expiresAt: expiresAt?.toISOString() ?? null, name: row.name, clientId: account.clientId };
  });
}
