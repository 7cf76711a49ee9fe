import { AppError } from "../errors";
import { resourceVersion } from "../resource-version";
import type { ChangeRequest } from "../db";

/** The version of an organisation's settings that a change request to them was based on. */
export const settingsVersion = (org: { requireApproval: boolean }) => resourceVersion({ requireApproval: org.requireApproval });

/**
 * Refuse to apply a change request whose target moved since it was asked
 * for: the reviewers approved a change to the state they saw, and applying
 * it to another state would be a change nobody reviewed.
 */
export function assertStillApplies(current: string, cr: Pick<ChangeRequest, "baseVersion" | "targetLabel" | "requestedAt">): void {
  if (current === cr.baseVersion) return;
  throw new AppError(
    "conflict",
    `This request no longer applies: ${cr.targetLabel} changed after it was requested (${cr.requestedAt.toISOString()}). Reject it, and request the change again if it is still wanted.`,
  );
}

/** The target is gone (deleted since): the request can only be rejected. */
export const targetGone = (cr: Pick<ChangeRequest, "targetLabel">) =>
  new AppError("conflict", `This request no longer applies: ${cr.targetLabel} no longer exists. Reject it.`);
