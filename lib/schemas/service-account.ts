import { z } from "zod";
import { SCOPE_NAME_MAX, SCOPE_TOKEN_PATTERN } from "../scopes/scope-name";
import { DEFAULT_GRACE_SECONDS, MAX_AUDIENCES, MAX_GRACE_SECONDS } from "../service-accounts/policy";
import { grantForSecondsSchema } from "./change-request";

/** Space- or comma-separated text (CLI flags, form fields) or an array. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean) : v),
    z.array(item),
  );

// Any RFC 6749 §3.3 scope-token (lib/scopes/scope-name.ts): billing:read, billing.read, read:users.
export const scopeNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a scope name")
  .max(SCOPE_NAME_MAX, `At most ${SCOPE_NAME_MAX} characters`)
  .regex(SCOPE_TOKEN_PATTERN, "Only printable ASCII without spaces, quotes or backslashes (RFC 6749 scope-token), e.g. billing:read");

export const customScopeNameSchema = scopeNameSchema.refine((s) => !s.startsWith("tessera:"), "tessera:* scopes are reserved");

/**
 * Why an audience is refused, or null when it is accepted. Audiences are
 * matched exactly (RFC 8707 `resource`, the `audience` parameter) and end up
 * in shell, YAML and JS snippets, so only canonical values are stored: a
 * value that a URL parser would rewrite is refused with its canonical form
 * named, never rewritten behind the user's back, and characters that mean
 * something to a shell ($, backticks, quotes, backslashes) never get in.
 */
function audienceProblem(a: string): string | null {
  if (/\s/.test(a)) return "Audiences cannot contain spaces";
  if (/[$`'"\\]/.test(a)) return "Audiences cannot contain $, backticks, quotes or backslashes";
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(a)) {
    return /^[A-Za-z0-9](?:[A-Za-z0-9._:-]*[A-Za-z0-9])?$/.test(a) ? null : AUDIENCE_SHAPE;
  }
  let u: URL;
  try {
    u = new URL(a);
  } catch {
    return AUDIENCE_SHAPE;
  }
  if ((u.protocol !== "https:" && u.protocol !== "http:") || !u.hostname) return AUDIENCE_SHAPE;
  if (u.hash || a.includes("#")) return "An audience URI cannot have a #fragment";
  if (u.username || u.password) return "An audience URI cannot carry a user name or password";
  // WHATWG URLs always serialise an empty path as "/": the bare origin
  // (https://billing.example.com) is the other canonical spelling we accept.
  const bareOrigin = u.pathname === "/" && !u.search && !a.endsWith("/");
  const canonical = bareOrigin ? u.origin : u.href;
  return canonical === a ? null : `Write this audience in canonical form: ${canonical}`;
}

const AUDIENCE_SHAPE = "Use an absolute URI (https://billing.example.com) or a name (billing-api.example.com)";

/** An audience: a canonical absolute http(s) URI or a name like billing-api.example.com. */
export const audienceSchema = z
  .string()
  .trim()
  .min(1, "Enter an audience")
  .max(200, "At most 200 characters")
  .superRefine((a, ctx) => {
    const problem = audienceProblem(a);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const audiencesSchema = list(audienceSchema)
  .refine((a) => a.length >= 1, "Add at least one audience")
  .refine((a) => a.length <= MAX_AUDIENCES, `At most ${MAX_AUDIENCES} audiences`)
  .refine((a) => new Set(a).size === a.length, "Each audience once");

export const scopesSchema = list(scopeNameSchema).refine((s) => new Set(s).size === s.length, "Each scope once");

export const TOKEN_TTL_MIN = 60;
export const TOKEN_TTL_MAX = 86_400;
export const tokenTtlSchema = z.coerce
  .number({ message: "Token lifetime must be a number of seconds" })
  .int("Token lifetime must be whole seconds")
  .min(TOKEN_TTL_MIN, "Token lifetime is at least 60 seconds")
  .max(TOKEN_TTL_MAX, "Token lifetime is at most 86400 seconds (24 h)");

export const serviceAccountNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name")
  .max(100, "At most 100 characters")
  .regex(/^[^\x00-\x1f]+$/, "No control characters");

export const descriptionSchema = z.string().trim().max(500, "At most 500 characters");

export const createServiceAccountSchema = z.object({
  name: serviceAccountNameSchema,
  description: descriptionSchema.optional().default(""),
  scopes: scopesSchema.optional().default([]),
  audiences: audiencesSchema,
  tokenTtlSeconds: tokenTtlSchema.optional().default(3600),
  grantForSeconds: grantForSecondsSchema,
});
export type CreateServiceAccountInput = z.input<typeof createServiceAccountSchema>;

export const updateServiceAccountSchema = z.object({
  name: serviceAccountNameSchema.optional(),
  description: descriptionSchema.optional(),
  scopes: scopesSchema.optional(),
  audiences: audiencesSchema.optional(),
  tokenTtlSeconds: tokenTtlSchema.optional(),
  grantForSeconds: grantForSecondsSchema,
});
export type UpdateServiceAccountInput = z.input<typeof updateServiceAccountSchema>;

export { MAX_GRACE_SECONDS };
export const rotateClientSecretSchema = z.object({
  graceSeconds: z.coerce
    .number()
    .int()
    .min(0, "Grace period cannot be negative")
    .max(MAX_GRACE_SECONDS, "Grace period is at most 30 days")
    .default(DEFAULT_GRACE_SECONDS),
  revokeOldest: z.boolean().default(false),
  /** Optional lifetime of the new secret, in days. */
  expiresInDays: z.coerce.number().int().min(1).max(3650).optional(),
});
export type RotateClientSecretInput = z.input<typeof rotateClientSecretSchema>;

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(100, "At most 100 characters"),
  /** Days until expiry (default 90); null means the key never expires. */
  expiresInDays: z.coerce.number().int().min(1, "At least 1 day").max(3650, "At most 3650 days").nullable().default(90),
  scopes: scopesSchema.optional(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

export const createScopeSchema = z.object({
  name: customScopeNameSchema,
  description: descriptionSchema.optional().default(""),
  highRisk: z.boolean().default(false),
});
export const updateScopeSchema = z.object({
  description: descriptionSchema.optional(),
  highRisk: z.boolean().optional(),
});

export { parseDuration } from "../duration";

/** The member who answers for an account: their email, or null (or "") for nobody. */
export const setServiceAccountOwnerSchema = z.object({
  ownerEmail: z
    .string()
    .trim()
    .toLowerCase()
    .max(320, "At most 320 characters")
    .nullable()
    .transform((v) => v || null),
});
export type SetServiceAccountOwnerInput = z.input<typeof setServiceAccountOwnerSchema>;
