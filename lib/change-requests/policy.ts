import { AppError } from "../errors";
import { env } from "../env";

/** A change request nobody decides within this long expires (maintenance marks it). */
export const CHANGE_REQUEST_TTL_MS = 7 * 86_400_000;

export { MAX_GRANT_SECONDS } from "../schemas/change-request";

/**
 * When a grant made at `from` for `seconds` ends, or null for a grant
 * without end. The lower bound (TESSERA_MIN_GRANT_SECONDS, 60 by default)
 * is a deployment's choice: tests lower it to watch a grant end in seconds.
 */
export function grantEndFrom(from: Date, seconds: number | null | undefined): Date | null {
  if (seconds === null || seconds === undefined) return null;
  return new Date(from.getTime() + seconds * 1000);
}

export function checkGrantDuration(seconds: number | null | undefined): number | null {
  if (seconds === null || seconds === undefined) return null;
  const min = env().TESSERA_MIN_GRANT_SECONDS;
  if (seconds < min) {
    const message = `A time-boxed grant lasts at least ${min} seconds`;
    throw new AppError("validation_failed", message, { fieldErrors: { grantForSeconds: [message] } });
  }
  return seconds;
}
