import { createHash } from "node:crypto";
import { AppError } from "./errors";

/**
 * A resource's version: a short hash of its identity and last change time.
 * The management API sends it as the ETag; a change sent with If-Match is
 * applied only while the resource is still at one of the given versions, so
 * two pipelines cannot silently overwrite each other.
 */
export function resourceVersion(id: string, updatedAt: Date | string): string {
  const at = typeof updatedAt === "string" ? updatedAt : updatedAt.toISOString();
  return createHash("sha256").update(`${id}\n${at}`).digest("base64url").slice(0, 22);
}

/** Refuse (412) unless the resource is at one of `expected` ("*" matches any). No expectation: no check. */
export function assertVersion(id: string, updatedAt: Date, expected: readonly string[] | undefined, what: string): void {
  if (!expected?.length || expected.includes("*")) return;
  if (!expected.includes(resourceVersion(id, updatedAt))) {
    throw new AppError("precondition_failed", `${what} changed since you read it; read it again and retry`);
  }
}

export interface VersionCheck {
  /** Apply only if the resource is still at one of these versions (If-Match). */
  ifVersion?: readonly string[];
}
