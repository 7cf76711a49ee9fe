"use server";

import { runAction } from "@/lib/action";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";

// Thin adapter: verifyAuditChain authorises the acting user itself (REVIEWER).
export async function verifyAuditChainAction(orgSlug: string) {
  return runAction((actor) => verifyAuditChain(actor, orgSlug));
}
