import { db } from "../db";

/** The identity providers a user's account is linked to (for "Link single sign-on" in the account menu). */
export async function listLinkedProviders(userId: string): Promise<string[]> {
  const identities = await db().identity.findMany({ where: { userId }, select: { provider: true } });
  return [...new Set(identities.map((i) => i.provider))];
}
