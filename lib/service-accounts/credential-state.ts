import { compareCodeUnits } from "../code-unit-order";

/** A secret or key works while it is neither revoked nor past its expiry. */
export function isCredentialActive(c: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): boolean {
  return !c.revokedAt && (!c.expiresAt || c.expiresAt > now);
}

/** Grants (or anything named) by name, in code-unit order: the order the OAuth answers list scopes in. */
export const byName = (x: { name: string }, y: { name: string }) => compareCodeUnits(x.name, y.name);

/** A scope grant counts until its end (a time-boxed grant); null never ends. Past it, the grant is absent everywhere at once. */
export function grantInForce(expiresAt: Date | null, now: Date): boolean {
  return !expiresAt || expiresAt > now;
}

/**
 * The grants in force at `now` (grantInForce), in their order. The very
 * list given when none is time-boxed, so a record shared by requests
 * (madeOncePerRead) is not copied for each of them.
 */
export function grantsInForce<G extends { expiresAt: Date | null }>(grants: readonly G[], now: Date): readonly G[] {
  return grants.some((g) => g.expiresAt) ? grants.filter((g) => grantInForce(g.expiresAt, now)) : grants;
}

export type CredentialStatus = "active" | "expired" | "revoked";

export function credentialStatus(c: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): CredentialStatus {
  if (c.revokedAt) return "revoked";
  return c.expiresAt && c.expiresAt <= now ? "expired" : "active";
}

export const parseJsonList = (text: string | null): string[] => (text ? (JSON.parse(text) as string[]) : []);
