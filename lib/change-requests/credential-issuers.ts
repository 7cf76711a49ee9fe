import type { Tx } from "../db";

/** The audit actions that hand someone a working credential of a service account. */
const ISSUING = ["service_account.created", "service_account.secret_rotated"];

/**
 * The principals (as `principalOf` names them) who were ever handed a
 * credential of this service account: whoever created it, rotated its
 * secret, or created one of its API keys, read from the audit trail. Four-eyes
 * treats them as the account: a person who rotated an approver bot's secret
 * holds that secret, and a request made with a key a person issued is theirs.
 * (Issuance older than the organisation's audit retention is not seen.)
 */
export async function credentialIssuers(tx: Tx, orgId: string, clientId: string): Promise<Set<string>> {
  const keys = await tx.apiKey.findMany({ where: { serviceAccount: { clientId, orgId } }, select: { id: true } });
  const events = await tx.auditEvent.findMany({
    where: {
      orgId,
      OR: [
        { targetType: "service_account", targetId: clientId, action: { in: ISSUING } },
        { targetType: "api_key", targetId: { in: keys.map((k) => k.id) }, action: "api_key.created" },
      ],
    },
    select: { actorType: true, actorId: true },
  });
  // A credential issued through the API with an API key: the key's own account issued it.
  const viaKeys = events.filter((e) => e.actorType === "api_key" && e.actorId).map((e) => e.actorId!);
  const keyAccounts = viaKeys.length
    ? await tx.apiKey.findMany({ where: { id: { in: viaKeys } }, select: { id: true, serviceAccount: { select: { clientId: true } } } })
    : [];
  const accountOfKey = new Map(keyAccounts.map((k) => [k.id, k.serviceAccount.clientId]));
  const issuers = new Set<string>();
  for (const e of events) {
    if (e.actorType === "user" || e.actorType === "service_account") issuers.add(`${e.actorType}:${e.actorId}`);
    else if (e.actorType === "api_key") issuers.add(`service_account:${accountOfKey.get(e.actorId ?? "") ?? e.actorId}`);
    else issuers.add(e.actorType); // "cli", "system"
  }
  return issuers;
}
