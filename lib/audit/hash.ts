import { createHmac, hkdfSync } from "node:crypto";
import { tesseraSecret } from "../env";

/**
 * Canonical JSON: object keys sorted at every depth, no whitespace. The hash
 * chain covers this text, so the same content always hashes the same way on
 * both databases.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The fields an event's hash covers: everything but its own id and hash. */
export interface HashedAuditFields {
  chainKey: string;
  orgId: string | null;
  seq: number;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  outcome: string;
  reason: string | null;
  clientIp: string | null;
  userAgent: string | null;
  requestId: string | null;
  metadata: string | null;
  prevHash: string | null;
}

let chainKey: { secret: string; key: Buffer } | undefined;

/**
 * HMAC-SHA-256 under a key derived from TESSERA_SECRET: someone who can write
 * to the database but does not hold the secret cannot recompute a consistent
 * chain after changing, inserting or removing an event.
 */
export function auditEventHash(fields: HashedAuditFields): string {
  const secret = tesseraSecret();
  if (chainKey?.secret !== secret) {
    chainKey = { secret, key: Buffer.from(hkdfSync("sha256", secret, "tessera", "audit-chain-v1", 32)) };
  }
  return createHmac("sha256", chainKey.key).update(canonicalJson(fields)).digest("hex");
}
