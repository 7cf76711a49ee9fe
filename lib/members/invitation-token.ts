import { publicUrl } from "../env";
import { randomToken, sha256Hex } from "../crypto/random";

/** Invitation tokens: 256 random bits in the link, only the SHA-256 stored. */
export function newInvitationToken() {
  const token = randomToken(32);
  return { token, tokenHash: sha256Hex(token) };
}

export const invitationUrl = (token: string) => `${publicUrl()}/invite/${token}`;
export const invitationTokenHash = (token: string) => sha256Hex(token);
