/**
 * The service-account rules the console, the CLI and the API all show or
 * enforce, defined once. The domain enforces them; the UI imports them to
 * explain them and to offer only what the domain will accept.
 */

/** At most this many client secrets are valid at once (a rotation overlaps old and new). */
export const MAX_VALID_SECRETS = 2;

/** At most this many audiences per account. */
export const MAX_AUDIENCES = 10;

/** Default grace period of the previous secret after a rotation. */
export const DEFAULT_GRACE_SECONDS = 86_400;
/** Longest grace period a rotation may give the previous secret. */
export const MAX_GRACE_SECONDS = 30 * 86_400;

/** The grace periods the console offers; any value up to MAX_GRACE_SECONDS is valid elsewhere. */
export const GRACE_PRESETS = [
  { seconds: 0, label: "Now" },
  { seconds: 3_600, label: "1 h" },
  { seconds: DEFAULT_GRACE_SECONDS, label: "24 h" },
  { seconds: 7 * 86_400, label: "7 d" },
  { seconds: MAX_GRACE_SECONDS, label: "30 d" },
] as const;
