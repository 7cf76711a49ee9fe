import { createHash } from "node:crypto";
import { AppError } from "./errors";
import { canonicalJson } from "./audit/hash";

/**
 * A resource's version: a short hash of the state a change can overwrite.
 * The management API sends it as the ETag; a change sent with If-Match is
 * applied only while the resource is still at one of the given versions, so
 * two pipelines cannot silently overwrite each other. It is computed from
 * the editable fields, not from updatedAt, because using an account (a token
 * request or an introspection moves its lastUsedAt) is not a change to it.
 */
export function resourceVersion(state: Record<string, unknown>): string {
  return createHash("sha256").update(canonicalJson(state)).digest("base64url").slice(0, 22);
}

export interface AccountState {
  clientId: string;
  name: string;
  description: string;
  status: string;
  scopes: readonly string[];
  audiences: readonly string[];
  tokenTtlSeconds: number;
  ownerUserId?: string | null;
}

export const accountVersion = (a: AccountState) =>
  resourceVersion({
    clientId: a.clientId,
    name: a.name,
    description: a.description,
    status: a.status,
    scopes: [...a.scopes].sort(),
    audiences: [...a.audiences],
    tokenTtlSeconds: a.tokenTtlSeconds,
    ownerUserId: a.ownerUserId ?? null,
  });

export const scopeVersion = (s: { name: string; description: string; highRisk: boolean }) =>
  resourceVersion({ name: s.name, description: s.description, highRisk: s.highRisk });

/** Refuse (412) unless `current` is one of `expected` ("*" matches any). No expectation: no check. */
export function assertVersion(current: string, expected: readonly string[] | undefined, what: string): void {
  if (!expected?.length || expected.includes("*")) return;
  if (!expected.includes(current)) throw new AppError("precondition_failed", `${what} changed since you read it; read it again and retry`);
}

export interface VersionCheck {
  /** Apply only if the resource is still at one of these versions (If-Match). */
  ifVersion?: readonly string[];
}
