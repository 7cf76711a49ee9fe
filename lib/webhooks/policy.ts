/**
 * The webhook rules in one place (README "Webhooks" documents them).
 */

/**
 * Delay before each attempt, the Standard Webhooks reference schedule: at
 * once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. After the last one
 * fails the delivery is given up (about 27.6 hours after the first try).
 */
export const RETRY_DELAYS_SECONDS = [0, 5, 300, 1_800, 7_200, 18_000, 36_000, 36_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length;

/** An endpoint whose attempts have failed, without a success in between, for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 24 * 3_600_000;

/** A worker's claim on a delivery; longer than one attempt can take, so only a dead worker's claim expires. */
export const DELIVERY_LEASE_MS = 60_000;
export const CONNECT_TIMEOUT_MS = 5_000;
/** From the start of the attempt to the response's status line. */
export const RESPONSE_TIMEOUT_MS = 10_000;

/** Deliveries that ended (succeeded or failed), their attempts and their messages are deleted after this. */
export const DELIVERY_LOG_RETENTION_DAYS = 30;

/** credential.expiring announces each of these thresholds once per secret or key. */
export const EXPIRY_THRESHOLDS_DAYS = [14, 7, 1] as const;

/**
 * token.denied_spike: this many denied token requests (aggregated events
 * count for their metadata.count) in one organisation within one fixed,
 * UTC-aligned window; announced once per window.
 */
export const TOKEN_DENIED_SPIKE = { threshold: 50, windowMinutes: 5 } as const;

/** After a secret rotation the previous secret signs too for this long, so receivers can switch over. */
export const SECRET_ROTATION_GRACE_HOURS = 24;

/** Audit events one derivation pass reads per organisation; the cursor carries on from there next time. */
export const AUDIT_BATCH = 2_000;

/** Deliveries one worker claims at a time. */
export const CLAIM_BATCH = 10;

/** Endpoints per organisation. */
export const MAX_ENDPOINTS_PER_ORG = 20;
