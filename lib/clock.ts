/**
 * Time source for rules that depend on "now" (session expiry, invitation
 * expiry, throttling windows). Domain functions take an optional `now`
 * so tests can inject time; production code passes nothing.
 */
export const systemClock = () => new Date();

export function at(now?: Date): Date {
  return now ?? systemClock();
}
