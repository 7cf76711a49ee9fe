// Which of a bench job's requests bench:handlers can send (handler-ab.mjs).
// The pre-issued tokens of `npm run bench` live an hour, and the bench's own
// revocation run has revoked part of its pool: a token sent after it expired
// is refused early, and one revoked before is answered without a write, so
// either would measure another path than the job's.
import { decodeJwt } from "jose";

/** The claims of the JWT in an item's `token=` form field, or null for anything else (an API key, a token request). */
export function tokenClaims(item) {
  const token = new URLSearchParams(item.body ?? "").get("token");
  if (!token) return null;
  try {
    return decodeJwt(token);
  } catch {
    return null;
  }
}

/**
 * The items whose token (if any) is still valid `marginSeconds` after `now`
 * (seconds) and not in `revoked` (a Set of jtis), with how many were left out
 * for each reason.
 */
export function usableItems(items, { now, marginSeconds, revoked }) {
  const usable = [];
  let expired = 0;
  let revokedBefore = 0;
  for (const item of items) {
    const claims = tokenClaims(item);
    if (claims && !(Number(claims.exp) > now + marginSeconds)) expired++;
    else if (claims && revoked.has(claims.jti)) revokedBefore++;
    else usable.push(item);
  }
  return { items: usable, expired, revoked: revokedBefore };
}
