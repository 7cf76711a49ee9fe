import type { ChangeRequest } from "../db";
import type { ChangeRequestStatus } from "../schemas/change-request";
import { readPayload, type ChangeRequestKind } from "./payload";

/**
 * A change request as every adapter shows it. Never the stored credential
 * hash, never a user's internal id: who asked and who decided are a type
 * and a label, as the audit trail shows them.
 */
export function presentChangeRequest(row: ChangeRequest) {
  const payload = readPayload(row.payload);
  return {
    id: row.id,
    kind: row.kind as ChangeRequestKind,
    status: row.status as ChangeRequestStatus,
    summary: payload.summary,
    target: { type: row.targetType, id: row.targetId, label: row.targetLabel },
    changes: payload.changes,
    grantForSeconds: payload.grantForSeconds,
    requestedBy: { type: row.requestedByType, label: row.requestedByLabel },
    requestedAt: row.requestedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decidedBy: row.decidedByType ? { type: row.decidedByType, label: row.decidedByLabel } : null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    comment: row.comment,
  };
}
export type ChangeRequestView = ReturnType<typeof presentChangeRequest>;
