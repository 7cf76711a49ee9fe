import { z } from "zod";

/**
 * Where a verification starts. "checkpoint": after the newest signed
 * checkpoint, whose signature vouches for everything before it (quick, the
 * console's default); "start": the whole chain from its first event (what
 * `tessera audit verify` does).
 */
export const verificationStartSchema = z.enum(["checkpoint", "start"], { message: "from must be checkpoint or start" });

export const verifyAuditChainSchema = z.object({
  from: verificationStartSchema.default("start"),
  /** A checkpoint JWS kept outside the database (`tessera audit checkpoint`). */
  anchor: z.string({ message: "The anchor must be text" }).max(20_000, "The anchor is too long").optional(),
});

export const startAuditVerificationSchema = z.object({ from: verificationStartSchema.default("checkpoint") });

export const auditVerificationRefSchema = z.object({
  jobId: z.string({ message: "The verification id must be text" }).min(1).max(100),
});
