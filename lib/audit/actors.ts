// Who acts: kept apart from the audit input schema (zod) so that light
// callers, such as the CLI's command definitions, can name the operator
// without loading the validation machinery.

export const actorTypes = ["user", "service_account", "api_key", "cli", "system"] as const;
export type ActorType = (typeof actorTypes)[number];

/** Who is acting, and from where. Passed from every adapter into the domain. */
export interface Actor {
  type: ActorType;
  /** User id, client id, key id; null for the CLI operator and the system. */
  id: string | null;
  label: string | null;
  clientIp?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  /**
   * For a service account or API key calling the management API: the
   * organisation its credential belongs to and its effective scopes, resolved
   * from the credential by the API adapter. Without it such an actor is
   * authorised nowhere. Never recorded in the trail.
   */
  grant?: { orgId: string; scopes: readonly string[] };
  /**
   * For a console user: when their session last proved who they are (sign-in
   * or re-authentication). Sensitive verbs ask for it to be recent
   * (lib/auth/recent-authentication.ts). Never recorded in the trail.
   */
  authenticatedAt?: Date | null;
}

export const cliActor = (label = "operator"): Actor => ({ type: "cli", id: null, label });
export const systemActor: Actor = { type: "system", id: null, label: "tessera" };
