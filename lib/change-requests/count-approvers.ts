import { db } from "../db";
import { grantInForce } from "../service-accounts/credential-state";

const APPROVE_SCOPE = "tessera:change-requests:approve";

/**
 * How many identities other than `requesterKey` could approve a request in
 * this organisation: ADMINs and OWNERs, and active service accounts holding
 * the approve scope. Zero means only the operator (the CLI) can: the console
 * then says so and how to invite a second approver.
 */
export async function countOtherApprovers(orgId: string, requesterKey: string, now = new Date()): Promise<number> {
  const [members, machines] = await Promise.all([
    db().membership.findMany({ where: { orgId, role: { in: ["ADMIN", "OWNER"] } }, select: { userId: true } }),
    db().serviceAccountScope.findMany({
      where: { scope: { orgId, name: APPROVE_SCOPE }, serviceAccount: { orgId, status: "ACTIVE" } },
      select: { expiresAt: true, serviceAccount: { select: { clientId: true } } },
    }),
  ]);
  const keys = [
    ...members.map((m) => `user:${m.userId}`),
    ...machines.filter((g) => grantInForce(g.expiresAt, now)).map((g) => `service_account:${g.serviceAccount.clientId}`),
  ];
  return keys.filter((k) => k !== requesterKey).length;
}
