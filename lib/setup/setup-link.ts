import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { publicUrl } from "../env";
import { at } from "../clock";
import { randomToken, sha256Hex } from "../crypto/random";
import type { RequestContext } from "../http/request-context";
import { hasAnyUser, setupInstance, type SetupInstanceInput } from "./setup-instance";

const SETUP_LINK_TTL_MS = 24 * 3_600_000;

/**
 * Print-once link for creating the first owner in the browser. A new link
 * replaces any earlier unused one; none is made once a user exists.
 */
export async function createSetupLink(now?: Date): Promise<string | null> {
  if (await hasAnyUser()) return null;
  const token = randomToken(32);
  const createdAt = at(now);
  await db().$transaction([
    db().setupToken.deleteMany({ where: { usedAt: null } }),
    db().setupToken.create({
      data: { tokenHash: sha256Hex(token), createdAt, expiresAt: new Date(createdAt.getTime() + SETUP_LINK_TTL_MS) },
    }),
  ]);
  return `${publicUrl()}/setup/${token}`;
}

export async function isSetupTokenValid(token: string, now?: Date): Promise<boolean> {
  if (!token || token.length > 200 || (await hasAnyUser())) return false;
  const row = await db().setupToken.findUnique({ where: { tokenHash: sha256Hex(token) } });
  return Boolean(row && !row.usedAt && row.expiresAt > at(now));
}

/** Complete first-run setup from the browser, consuming the link. */
export async function completeSetup(token: string, input: SetupInstanceInput, context: Partial<RequestContext> = {}) {
  const email = String(input.email ?? "").toLowerCase();
  return setupInstance({ type: "user", id: null, label: email, ...context }, input, async (tx: Tx) => {
    const claimed = await tx.setupToken.updateMany({
      where: { tokenHash: sha256Hex(String(token)), usedAt: null, expiresAt: { gt: at() } },
      data: { usedAt: at() },
    });
    if (claimed.count !== 1) throw new AppError("not_found", "This setup link is not valid any more; run npm start again for a new one");
  });
}
