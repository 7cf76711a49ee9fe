import { db } from "../db";
import { AppError } from "../errors";
import { emailSchema } from "../schemas/member";
import { parseInput } from "../validation";

/** The id of the user with this email, for the operator's commands that name people by email. */
export async function userIdByEmail(input: string): Promise<string> {
  const email = parseInput(emailSchema, input);
  const user = await db().user.findUnique({ where: { email }, select: { id: true } });
  if (!user) throw new AppError("not_found", `No user with email ${email}; use "tessera members add" to invite one`);
  return user.id;
}
