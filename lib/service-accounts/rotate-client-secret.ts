import { transaction } from "../db";
import { AppError } from "../errors";
import { at } from "../clock";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { requireRecentAuthentication } from "../auth/recent-authentication";
import { rotateClientSecretSchema, type RotateClientSecretInput } from "../schemas/service-account";
import { parseInput } from "../validation";
import { findAndLockServiceAccount } from "./lookup";
import { isCredentialActive } from "./credential-state";
import { issueClientSecret } from "./issue-client-secret";
import { MAX_VALID_SECRETS } from "./policy";

/**
 * Issue a new client secret and let the previous one live on for a grace
 * period (0 revokes it now). At most two secrets are ever valid: rotating
 * while two are valid is refused unless the oldest is revoked in the same
 * call. The account row is locked first, so two concurrent rotations run one
 * after the other and the second sees the first's result. Rotation never
 * extends an old secret past an expiry it already had.
 */
export async function rotateClientSecret(actor: Actor, orgSlug: string, clientId: string, input: RotateClientSecretInput = {}, now?: Date) {
  const { graceSeconds, revokeOldest, expiresInDays } = parseInput(rotateClientSecretSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "service-accounts:write");
  const when = at(now);
  // A new working secret: a console session must have proved who it is lately.
  requireRecentAuthentication(actor, when);
  return transaction(async (tx) => {
    const account = await findAndLockServiceAccount(tx, org.id, clientId);
    const valid = (await tx.clientSecret.findMany({ where: { serviceAccountId: account.id, revokedAt: null }, orderBy: { createdAt: "asc" } }))
      .filter((s) => isCredentialActive(s, when));

    let revokedOldestId: string | null = null;
    if (valid.length >= MAX_VALID_SECRETS) {
      if (!revokeOldest) {
        throw new AppError(
          "conflict",
          `${MAX_VALID_SECRETS} secrets are valid already: revoke the oldest in the same rotation, or wait until its grace period ends`,
        );
      }
      const oldest = valid.shift()!;
      await tx.clientSecret.update({ where: { id: oldest.id }, data: { revokedAt: when } });
      revokedOldestId = oldest.id;
    }

    const graceEnd = new Date(when.getTime() + graceSeconds * 1000);
    let previousSecretExpiresAt: Date | null = null;
    for (const old of valid) {
      if (graceSeconds === 0) {
        await tx.clientSecret.update({ where: { id: old.id }, data: { revokedAt: when } });
        previousSecretExpiresAt = when;
      } else {
        const expiresAt = old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd;
        await tx.clientSecret.update({ where: { id: old.id }, data: { expiresAt } });
        previousSecretExpiresAt = expiresAt;
      }
    }

    const expiresAt = expiresInDays ? new Date(when.getTime() + expiresInDays * 86_400_000) : null;
    const { clientSecret, secret } = await issueClientSecret(tx, account.id, when, expiresAt);
    await recordAuditEvent(tx, {
      orgId: org.id,
      occurredAt: when,
      action: "service_account.secret_rotated",
      actor,
      target: { type: "service_account", id: account.clientId, label: account.name },
      metadata: {
        secretId: secret.id,
        previousSecretIds: valid.map((s) => s.id),
        previousSecretExpiresAt: previousSecretExpiresAt?.toISOString() ?? null,
        graceSeconds,
        revokedOldestId,
        expiresAt: expiresAt?.toISOString() ?? null,
      },
    });
    return {
      clientId: account.clientId,
      clientSecret,
      secretId: secret.id,
      previousSecretExpiresAt: previousSecretExpiresAt?.toISOString() ?? null,
    };
  });
}
