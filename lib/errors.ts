/**
 * The console's error dialect: an internal message for logs and a separate
 * message that is safe to show. Unknown errors never reach a client as-is.
 */
export type AppErrorCode =
  | "bad_request"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "precondition_failed"
  | "validation_failed"
  | "too_many_requests"
  /** Signed in, but not recently enough for this: prove it again (password or SSO). */
  | "reauthentication_required";

const statusByCode: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  /** Well-formed input that breaks a field's rules; `fieldErrors` says which. */
  validation_failed: 422,
  too_many_requests: 429,
  // RFC 9470 answers step-up with 401 too: the credential is fine, its authentication is too old.
  reauthentication_required: 401,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly userMessage: string;
  readonly fieldErrors?: Record<string, string[]>;
  readonly retryAfterSeconds?: number;

  constructor(
    code: AppErrorCode,
    userMessage: string,
    options: { internal?: string; fieldErrors?: Record<string, string[]>; retryAfterSeconds?: number } = {},
  ) {
    super(options.internal ?? userMessage);
    this.name = "AppError";
    this.code = code;
    this.userMessage = userMessage;
    this.fieldErrors = options.fieldErrors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

export const notFound = (what = "Not found") => new AppError("not_found", what);

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
