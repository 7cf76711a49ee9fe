import type { ServiceAccountDetail } from "../service-accounts/get-service-account";
import type { ServiceAccountRow } from "../service-accounts/list-service-accounts";
import type { ScopeView } from "../scopes/list-scopes";
import { AppError } from "../errors";

/**
 * Domain results in the API's shape. The route's output schema then drops
 * anything not named in it, so what leaves is only what the schema lists.
 */
export const presentServiceAccount = (a: ServiceAccountRow | ServiceAccountDetail["account"]) => ({
  ...a,
  scopes: a.scopes.map((s) => s.name),
});

export const page = <T>(items: T[], nextCursor: string | null = null) => ({ items, nextCursor });

/** One scope of the catalog by name; another organisation's or a missing one is 404. */
export function findScope(scopes: ScopeView[], name: string): ScopeView {
  const scope = scopes.find((s) => s.name === name);
  if (!scope) throw new AppError("not_found", `Scope ${name} not found`);
  return scope;
}
