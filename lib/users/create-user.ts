import { z } from "zod";
import { Prisma, type Tx } from "../db";
import { AppError } from "../errors";
import { hashPassword } from "../crypto/password";
import { signUpSchema } from "../schemas/member";
import { parseInput } from "../validation";

/**
 * Create a password user inside the caller's transaction. `emailVerifiedAt`
 * is set only by callers that can vouch for the address (see the User model);
 * a self-typed address stays unverified.
 */
export async function createPasswordUser(tx: Tx, input: z.input<typeof signUpSchema>, options: { emailVerifiedAt?: Date | null } = {}) {
  const { email, password, name } = parseInput(signUpSchema, input);
  const passwordHash = await hashPassword(password);
  try {
    return await tx.user.create({ data: { email, name: name || null, passwordHash, emailVerifiedAt: options.emailVerifiedAt ?? null } });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw new AppError("conflict", "An account with this email already exists; sign in instead", {
        fieldErrors: { email: ["An account with this email already exists"] },
      });
    }
    throw e;
  }
}
