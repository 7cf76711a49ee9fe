import { transaction } from "../db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { at } from "../clock";
import { requireRecentAuthentication } from "../auth/recent-authentication";
import { findServiceAccount } from "./lookup";

/** Delete an account and its credentials; its audit history stays. */
export async function deleteServiceAccount(actor: Actor, orgSlug: string, clientId: string, now?: Date) {
  const { org } = await authorizeOrg(actor, orgSlug, "service-accounts:write");
  // Irreversible, and breaks every service using the account: a console session must have proved who it is lately.
  requireRecentAuthentication(actor, at(now));
  await transaction(async (tx) => {
    const account = await findServiceAccount(tx, org.id, clientId);
    const [secrets, apiKeys] = await Promise.all([
      tx.clientSecret.count({ where: { serviceAccountId: account.id } }),
      tx.apiKey.count({ where: { serviceAccountId: account.id } }),
    ]);
    await tx.serviceAccount.delete({ where: { id: account.id } }); // secrets, keys and grants cascade
    await recordAuditEvent(tx, {
      orgId: org.id,
      action: "service_account.deleted",
      actor,
      target: { type: "service_account", id: account.clientId, label: account.name },
      metadata: { before: { name: account.name, status: account.status }, deletedSecrets: secrets, deletedApiKeys: apiKeys },
    });
  });
}
