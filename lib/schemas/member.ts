import { z } from "zod";
import { idSchema } from "./references";

export const roles = ["OWNER", "ADMIN", "REVIEWER"] as const;
export const roleSchema = z.enum(roles, { message: "Role must be OWNER, ADMIN or REVIEWER" });

export const emailSchema = z.string().trim().toLowerCase().email("Enter a valid email address").max(254);

/** Password rule for accounts created in the console or CLI (NIST 800-63B: length, not composition). */
export const newPasswordSchema = z
  .string()
  .min(12, "Use at least 12 characters")
  .max(1024, "At most 1024 characters");

export const createInvitationSchema = z.object({
  role: roleSchema,
  email: emailSchema.optional(),
  ttlHours: z.coerce.number().int().min(1).max(24 * 30).optional(),
});

export const changeMemberRoleSchema = z.object({
  membershipId: idSchema,
  role: roleSchema,
});

export const signUpSchema = z.object({
  name: z.string().trim().max(100).optional(),
  email: emailSchema,
  password: newPasswordSchema,
});
