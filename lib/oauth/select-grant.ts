import { OAuthError } from "./errors";

// RFC 6749 §3.3 scope-token characters; RFC 8707 resource is an absolute URI without fragment.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** `scope` narrows the account's scopes; absent means all of them. */
export function selectScopes(requested: string | undefined, granted: string[]): string[] {
  if (!requested) return granted;
  const asked = [...new Set(requested.split(" ").filter(Boolean))];
  if (asked.some((s) => !SCOPE_TOKEN.test(s))) throw new OAuthError("invalid_scope", "Malformed scope");
  const missing = asked.filter((s) => !granted.includes(s));
  if (missing.length) throw new OAuthError("invalid_scope", `The client may not request: ${missing.join(" ")}`, 400, {}, "scope_not_granted");
  return asked;
}

/**
 * `audience` (space-separated) and `resource` (repeatable absolute URIs)
 * each must name one of the account's audiences; absent means all of them.
 */
export function selectAudiences(audienceParam: string | undefined, resources: string[], allowed: readonly string[]): readonly string[] {
  for (const r of resources) {
    let url: URL | null = null;
    try {
      url = new URL(r);
    } catch {
      url = null;
    }
    if (!url || url.hash) throw new OAuthError("invalid_target", "resource must be an absolute URI without a fragment", 400, {}, "malformed_resource");
  }
  const asked = [...new Set([...(audienceParam?.split(" ").filter(Boolean) ?? []), ...resources])];
  if (asked.length === 0) return allowed;
  const unknown = asked.filter((a) => !allowed.includes(a));
  if (unknown.length) throw new OAuthError("invalid_target", `The client may not request tokens for: ${unknown.join(" ")}`, 400, {}, "audience_not_allowed");
  return asked;
}
