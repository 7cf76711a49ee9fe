/**
 * Scope names are any RFC 6749 §3.3 scope-token: one or more of %x21 /
 * %x23-5B / %x5D-7E (printable ASCII without space, `"` or `\`). So
 * `billing:read`, `billing.read` and `read:users` are all valid.
 */
export const SCOPE_TOKEN_PATTERN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
export const SCOPE_NAME_MAX = 100;

/** The group a scope belongs to in the picker: the part before the first `:` or `.`. */
export function scopeGroup(name: string): string {
  const i = name.search(/[:.]/);
  return i <= 0 ? name : name.slice(0, i);
}
