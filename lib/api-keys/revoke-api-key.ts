import { db, transaction } from "../db";
import { AppError } from "../errors";
import { at } from "../clock";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { apiKeyRefSchema } from "../schemas/references";
import { parseInput } from "../validation";

/**
 * Revoke an API key. Without an org slug (CLI by key id), the key's own
 * organisation is used. With `clientId` (the API's nested path), a key of
 * another account answers 404 like a missing one.
 */
export async function revokeApiKey(actor: Actor, orgSlug: string | null, input: string, now?: Date, options: { clientId?: string } = {}) {
  const { keyId } = parseInput(apiKeyRefSchema, { keyId: input });
  const slug = orgSlug ?? (await orgSlugOfApiKey(keyId));
  const { org } = await authorizeOrg(actor, slug, "service-accounts:write");
  const when = at(now);
  return transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: keyId, orgId: org.id, ...(options.clientId ? { serviceAccount: { clientId: String(options.clientId) } } : {}) }, include: { serviceAccount: true } });
    if (!key) throw new AppError("not_found", `API key ${keyId} not found`);
    if (key.revokedAt) throw new AppError("conflict", "This API key is already revoked");
    await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: when } });
    await recordAuditEvent(tx, {
      orgId: org.id,
      occurredAt: when,
      action: "api_key.revoked",
      actor,
      target: { type: "api_key", id: key.id, label: key.name },
      metadata: { clientId: key.serviceAccount.clientId, hint: key.hint },
    });
    return { id: key.id, revokedAt: when.toISOString() };
  });
}

async function orgSlugOfApiKey(keyId: string): Promise<string> {
  const key = await db().apiKey.findUnique({ where: { id: keyId }, select: { orgId: true } });
  const org = key && (await db().organization.findUnique({ where: { id: key.orgId }, select: { slug: true } }));
  if (!org) throw new AppError("not_found", `API key ${keyId} not found`);
  return org.slug;
}
