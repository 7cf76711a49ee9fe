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
  /** See review campaigns and export them. */
  "access-reviews:read",
  /** Mark a grant keep or remove: the one write a REVIEWER may make. */
  "access-reviews:decide",
  /** Start and close campaigns (closing applies the removals), set the cadence. */
  "access-reviews:manage",
  /** Webhook endpoints: create, change, delete, rotate secrets, read the delivery log. */
  "webhooks:manage",
  /** Let one endpoint reach private, loopback and link-local addresses. */
  "webhooks:allow-private",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Who is asking, as far as permissions go. */
export type Principal =
  | { kind: "member"; role: Role }
  /** The CLI operator (or the server itself): it already holds the database. */
  | { kind: "operator" }
  /** A service account or API key calling the management API, with its effective scopes. */
  | { kind: "api"; scopes: readonly string[] };

const REVIEWER: Capability[] = ["org:read", "service-accounts:read", "scopes:read", "audit:read", "members:read", "access-reviews:read", "access-reviews:decide"];
const ADMIN: Capability[] = [...REVIEWER, "service-accounts:write", "scopes:write", "change-requests:approve", "access-reviews:manage", "webhooks:manage"];
// Letting an endpoint reach the internal network is an owner's call, like members and retention.
const OWNER: Capability[] = [...ADMIN, "members:manage", "audit:retention", "webhooks:allow-private"];

export const ROLE_CAPABILITIES: Record<Role, ReadonlySet<Capability>> = {
  REVIEWER: new Set(REVIEWER),
  ADMIN: new Set(ADMIN),
  OWNER: new Set(OWNER),
};

/**
 * What each reserved scope lets a machine do through the management API.
 * Write implies read: a pipeline that creates accounts must be able to see
 * them and the scopes it grants. No scope reaches members, retention or
 * private webhook targets: those stay with people.
 *
 * Access reviews and webhooks add no reserved scope. Reading a campaign
 * shows grants and credential ages, which either read scope already shows.
 * Deciding and closing a campaign only removes grants, and webhooks only
 * announce what happens to accounts and their credentials: a credential
 * that may change accounts (service-accounts:write) may do both without
 * gaining any power it lacks.
 */
export const API_SCOPE_CAPABILITIES = {
  "tessera:service-accounts:read": ["service-accounts:read", "scopes:read", "access-reviews:read"],
  "tessera:service-accounts:write": [
    "service-accounts:read",
    "service-accounts:write",
    "scopes:read",
    "access-reviews:read",
    "access-reviews:decide",
    "access-reviews:manage",
    "webhooks:manage",
  ],
  "tessera:scopes:write": ["scopes:read", "scopes:write"],
  "tessera:audit:read": ["audit:read", "access-reviews:read"],
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
