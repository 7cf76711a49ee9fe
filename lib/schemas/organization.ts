import { z } from "zod";

/**
 * Slugs become the first path segment of console URLs, so anything a
 * top-level route (or a likely future one) uses is refused.
 */
export const RESERVED_SLUGS = new Set([
  "api", "oauth", "sign-in", "sign-out", "sign-up", "setup", "invite", "invitations", "orgs",
  "new", "settings", "admin", "auth", "login", "logout", "static", "public", "assets", "health",
  "well-known", ".well-known", "_next", "favicon.ico", "robots.txt", "jwks", "docs", "help", "account",
]);

export const orgSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "At least 2 characters")
  .max(40, "At most 40 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "Lower-case letters, digits and inner hyphens only")
  .refine((s) => !RESERVED_SLUGS.has(s), "This name is reserved; choose another");

export const orgNameSchema = z.string().trim().min(1, "Enter a name").max(100, "At most 100 characters");

export const createOrganizationSchema = z.object({
  slug: orgSlugSchema,
  name: orgNameSchema,
});
export type CreateOrganizationInput = z.input<typeof createOrganizationSchema>;
