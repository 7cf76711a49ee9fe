import { db } from "../db";
import { at } from "../clock";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { credentialStatus, parseJsonList } from "./credential-state";
import { findServiceAccount } from "./lookup";
import { newestAuditEvents } from "../audit/list-audit-events";

/**
 * Everything the detail page and `tessera service-accounts show` need. Hashes
 * are never selected: a secret or key appears only as its id and hint.
 */
export async function getServiceAccount(actor: Actor, orgSlug: string, clientId: string, now?: Date) {
  const { org } = await authorizeOrg(actor, orgSlug, "service-accounts:read");
  const when = at(now);
  const account = await findServiceAccount(db(), org.id, clientId);
  const [grants, secrets, apiKeys, events, owner] = await Promise.all([
    db().serviceAccountScope.findMany({ where: { serviceAccountId: account.id }, include: { scope: true } }),
    db().clientSecret.findMany({
      where: { serviceAccountId: account.id },
      orderBy: { createdAt: "desc" },
      select: { id: true, hint: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
    }),
    db().apiKey.findMany({
      where: { serviceAccountId: account.id },
      orderBy: { createdAt: "desc" },
      select: { id: true, name: true, hint: true, scopes: true, createdAt: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
    }),
    newestAuditEvents({ orgId: org.id }, account.clientId, 20),
    account.ownerUserId ? db().user.findUnique({ where: { id: account.ownerUserId }, select: { email: true, name: true } }) : null,
  ]);
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    account: {
      clientId: account.clientId,
      name: account.name,
      description: account.description,
      status: account.status,
      // expiresAt: the end of a time-boxed grant (past it the grant no longer counts, until maintenance removes it).
      scopes: grants.map((g) => ({ name: g.scope.name, highRisk: g.scope.highRisk, expiresAt: iso(g.expiresAt) })).sort((a, b) => a.name.localeCompare(b.name)),
      audiences: parseJsonList(account.audiences),
      tokenTtlSeconds: account.tokenTtlSeconds,
      createdAt: account.createdAt.toISOString(),
      createdBy: account.createdByLabel,
      updatedAt: account.updatedAt.toISOString(),
      updatedBy: account.updatedByLabel,
      lastUsedAt: iso(account.lastUsedAt),
      /** The member who answers for the account in access reviews. */
      ownerUserId: account.ownerUserId,
      ownerEmail: owner?.email ?? null,
      ownerName: owner?.name ?? null,
    },
    secrets: secrets.map((s) => ({
      id: s.id,
      hint: s.hint,
      status: credentialStatus(s, when),
      createdAt: s.createdAt.toISOString(),
      expiresAt: iso(s.expiresAt),
      revokedAt: iso(s.revokedAt),
      lastUsedAt: iso(s.lastUsedAt),
    })),
    apiKeys: apiKeys.map((k) => ({
      id: k.id,
      name: k.name,
      hint: k.hint,
      scopes: k.scopes ? parseJsonList(k.scopes) : null,
      status: credentialStatus(k, when),
      createdAt: k.createdAt.toISOString(),
      expiresAt: iso(k.expiresAt),
      revokedAt: iso(k.revokedAt),
      lastUsedAt: iso(k.lastUsedAt),
    })),
    events: events.map(({ id, seq, occurredAt, action, actorLabel, actorType, outcome, metadata }) => ({
      id, seq, occurredAt: occurredAt.toISOString(), action, actorLabel, actorType, outcome, metadata,
    })),
  };
}
export type ServiceAccountDetail = Awaited<ReturnType<typeof getServiceAccount>>;
