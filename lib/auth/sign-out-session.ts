import { transaction } from "../db";
import { sha256Hex } from "../crypto/random";
import { recordUserEvent } from "../audit/record-user-event";

/** End one console session server-side and record it. */
export async function signOutSession(token: string): Promise<void> {
  await transaction(async (tx) => {
    const session = await tx.session.findUnique({
      where: { tokenHash: sha256Hex(token) },
      include: { user: { select: { id: true, email: true } } },
    });
    if (!session) return;
    await tx.session.delete({ where: { id: session.id } });
    await recordUserEvent(tx, session.user.id, {
      action: "user.signed_out",
      actor: { type: "user", id: session.user.id, label: session.user.email },
      target: { type: "user", id: session.user.id, label: session.user.email },
    });
  });
}
