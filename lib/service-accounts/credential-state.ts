/** A secret or key works while it is neither revoked nor past its expiry. */
export function isCredentialActive(c: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): boolean {
  return !c.revokedAt && (!c.expiresAt || c.expiresAt > now);
}

/** Grants (or anything named) in the order they are listed everywhere: by name, as String.prototype.sort orders. */
export const byName = (x: { name: string }, y: { name: string }) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);

/** A scope grant counts until its end (a time-boxed grant); null never ends. Past it, the grant is absent everywhere at once. */
export function grantInForce(expiresAt: Date | null, now: Date): boolean {
  return !expiresAt || expiresAt > now;
}

export type CredentialStatus = "active" | "expired" | "revoked";

export function credentialStatus(c: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): CredentialStatus {
  if (c.revokedAt) return "revoked";
  return c.expiresAt && c.expiresAt <= now ? "expired" : "active";
}

export const parseJsonList = (text: string | null): string[] => (text ? (JSON.parse(text) as string[]) : []);
