import { recordRepeatedFailure } from "../audit/repeated-failures";
import type { RequestContext } from "../http/request-context";
import { addressLimitKey } from "../http/resolve-client-ip";
import { ClientAuthenticationError } from "./client-authentication";
import type { OAuthError } from "./errors";
import type { ClientRecord } from "./load-client";

export type DenialAction = "token.denied" | "introspection.denied" | "revocation.denied";

/**
 * One audit event per refused OAuth request, aggregated per client id,
 * address and reason per minute (repeated-failures), so the record of an
 * attack stays small. A client id that names no account is recorded in the
 * instance trail and shares one bucket per address.
 */
export function recordDenial(action: DenialAction, e: OAuthError, context: RequestContext, when: Date, client?: ClientRecord | null) {
  const account = e instanceof ClientAuthenticationError ? e.account : (client ?? null);
  const presented = e instanceof ClientAuthenticationError ? e.clientId : (client?.clientId ?? null);
  const id = account?.clientId ?? presented?.slice(0, 100) ?? null;
  return recordRepeatedFailure(
    {
      orgId: account?.orgId ?? null,
      occurredAt: when,
      action,
      outcome: "failure",
      reason: e.reason,
      actor: { type: "service_account", id, label: account?.name ?? null, ...context },
      target: id ? { type: "service_account", id, label: account?.name ?? null } : null,
      metadata: { error: e.error, status: e.status },
    },
    { action, clientId: account?.clientId ?? null, address: addressLimitKey(context.clientIp), reason: e.reason },
  );
}
