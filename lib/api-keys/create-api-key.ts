import { transaction } from "../db";
import { AppError } from "../errors";
import { at } from "../clock";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { credentialHint, generateApiKey, randomBase62 } from "../credentials/format";
import { hashCredential } from "../credentials/hash";
import { createApiKeySchema, type CreateApiKeyInput } from "../schemas/service-account";
import { parseInput } from "../validation";
import { lockAccountState } from "../service-accounts/account-state";
import { approvalRequired } from "../change-requests/approval-required";
import { openChangeRequest } from "../change-requests/open-change-request";
import type { ChangeRequestView } from "../change-requests/present-change-request";

/** The new key, shown this once; `changeRequest` when it waits for approval (it works from then on). */
export interface CreatedApiKey {
  id: string;
  apiKey: string;
  expiresAt: string | null;
  name: string;
  clientId: string;
  changeRequest?: ChangeRequestView;
}

/**
 * Issue an API key for a service account; its plaintext is returned here
 * only. A key that would carry a high-risk scope (listed, or held by the
 * account when the key lists none) waits for approval where the
 * organisation requires it: the plaintext is still shown now, this once,
 * but only its hash is kept, on the change request, and the key exists
 * (and works) from the moment someone else approves it.
 */
export async function createApiKey(actor: Actor, orgSlug: string, clientId: string, input: CreateApiKeyInput, now?: Date): Promise<CreatedApiKey> {
  const data = parseInput(createApiKeySchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "service-accounts:write");
  const when = at(now);
  return transaction(async (tx) => {
    const locked = await lockAccountState(tx, org.id, clientId);
    const { account, grants } = locked;
    const held = new Set(grants.map((g) => g.scope.name));
    const extra = (data.scopes ?? []).filter((s) => !held.has(s));
    if (extra.length) {
      const message = `An API key can only carry scopes its account holds; ${account.name} does not hold ${extra.join(", ")}`;
      throw new AppError("validation_failed", message, { fieldErrors: { scopes: [message] } });
    }
    const carried = grants.filter((g) => !data.scopes || data.scopes.includes(g.scope.name));
    const apiKey = generateApiKey();
    const expiresAt = data.expiresInDays === null ? null : new Date(when.getTime() + data.expiresInDays * 86_400_000);
    const shown = { apiKey, expiresAt: expiresAt?.toISOString() ?? null, name: data.name, clientId: account.clientId };

    const highRisk = carried.filter((g) => g.scope.highRisk).map((g) => g.scope.name);
    if (highRisk.length && (await approvalRequired(tx, org.id))) {
      const id = `k${randomBase62(24)}`;
      const changeRequest = await openChangeRequest(tx, {
        orgId: org.id,
        actor,
        kind: "create_api_key",
        target: { type: "service_account", id: account.clientId, label: account.name },
        payload: {
          summary: `Create API key "${data.name}" for ${account.name}, carrying ${highRisk.join(", ")}`,
          changes: [{ field: "apiKeys", label: "API keys", added: [`${data.name} (${data.scopes ? data.scopes.join(" ") : "every scope of the account"})`], removed: [] }],
          apiKey: { id, name: data.name, scopes: data.scopes ?? null, expiresAt: shown.expiresAt },
        },
        baseVersion: locked.version,
        credential: { hash: hashCredential(apiKey), hint: credentialHint(apiKey) },
        now: when,
      });
      return { id, ...shown, changeRequest };
    }

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
      metadata: { clientId: account.clientId, scopes: data.scopes ?? null, expiresAt: shown.expiresAt },
    });
    return { id: row.id, ...shown };
  });
}
