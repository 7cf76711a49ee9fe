import type { Role } from "./db";

/**
 * The one permission map. Every question "may this principal do X in this
 * organisation?" is `can(principal, capability)`: the domain asks it through
 * `authorizeOrg`, pages ask it to show or hide controls, and the management
 * API's principals (service accounts and API keys with `tessera:*` scopes)
 * get their answers from the same table as console roles.
 */
export const CAPABILITIES = [
  "org:read",
  "service-accounts:read",
  "service-accounts:write",
  "scopes:read",
  "scopes:write",
  "audit:read",
  "audit:retention",
  "members:read",
  "members:manage",
  "change-requests:approve",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Who is asking, as far as permissions go. */
export type Principal =
  | { kind: "member"; role: Role }
  /** The CLI operator (or the server itself): it already holds the database. */
  | { kind: "operator" }
  /** A service account or API key calling the management API, with its effective scopes. */
  | { kind: "api"; scopes: readonly string[] };

const REVIEWER: Capability[] = ["org:read", "service-accounts:read", "scopes:read", "audit:read", "members:read"];
const ADMIN: Capability[] = [...REVIEWER, "service-accounts:write", "scopes:write", "change-requests:approve"];
const OWNER: Capability[] = [...ADMIN, "members:manage", "audit:retention"];

export const ROLE_CAPABILITIES: Record<Role, ReadonlySet<Capability>> = {
  REVIEWER: new Set(REVIEWER),
  ADMIN: new Set(ADMIN),
  OWNER: new Set(OWNER),
};

/**
 * What each reserved scope lets a machine do through the management API.
 * Write implies read: a pipeline that creates accounts must be able to see
 * them and the scopes it grants. No scope reaches members or retention:
 * those stay with people.
 */
export const API_SCOPE_CAPABILITIES = {
  "tessera:service-accounts:read": ["service-accounts:read", "scopes:read"],
  "tessera:service-accounts:write": ["service-accounts:read", "service-accounts:write", "scopes:read"],
  "tessera:scopes:write": ["scopes:read", "scopes:write"],
  "tessera:audit:read": ["audit:read"],
  // An approver must see what it decides on: the requests, the accounts and scopes they change.
  "tessera:change-requests:approve": ["change-requests:approve", "service-accounts:read", "scopes:read"],
} as const satisfies Record<string, readonly Capability[]>;
export type ApiScope = keyof typeof API_SCOPE_CAPABILITIES;

function scopeGrants(scope: string, capability: Capability): boolean {
  const granted = (API_SCOPE_CAPABILITIES as Record<string, readonly Capability[]>)[scope];
  return granted?.includes(capability) ?? false;
}

export function can(principal: Principal, capability: Capability): boolean {
  switch (principal.kind) {
    case "operator":
      return true;
    case "member":
      return ROLE_CAPABILITIES[principal.role].has(capability);
    case "api":
      return principal.scopes.some((s) => scopeGrants(s, capability));
  }
}

/** The reserved scopes that would grant a capability (for "needs one of ..." messages and the API reference). */
export function scopesGranting(capability: Capability): ApiScope[] {
  return (Object.keys(API_SCOPE_CAPABILITIES) as ApiScope[]).filter((s) => scopeGrants(s, capability));
}
