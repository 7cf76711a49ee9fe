import { db } from "../db";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { can } from "../permissions";
import { countOtherApprovers } from "./count-approvers";
import { findChangeRequest } from "./find-change-request";
import { presentChangeRequest } from "./present-change-request";
import { principalOf } from "./principal";

/**
 * One change request with what the viewer may do about it: decide
 * (approve or reject: an approver who is not the requester) or withdraw
 * (the requester, while pending), and how many others could approve it, so
 * an organisation with a single admin learns that nobody can.
 */
export async function getChangeRequest(actor: Actor, orgSlug: string, id: string) {
  const { org, principal } = await authorizeOrg(actor, orgSlug, "service-accounts:read");
  const row = await findChangeRequest(db(), org.id, id);
  const me = await principalOf(db(), actor);
  const isRequester = me.key === row.requestedBy;
  const pending = row.status === "pending";
  return {
    ...presentChangeRequest(row),
    viewer: { isRequester, canDecide: pending && !isRequester && can(principal, "change-requests:approve"), canWithdraw: pending && isRequester },
    otherApprovers: await countOtherApprovers(org.id, row.requestedBy),
  };
}
export type ChangeRequestDetail = Awaited<ReturnType<typeof getChangeRequest>>;
