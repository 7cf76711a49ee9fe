import { createHmac } from "node:crypto";
import { purposeHmacKey } from "../crypto/purpose-keys";

/**
 * Canonical JSON: object keys sorted at every depth, no whitespace. The hash
 * chain covers this text, so the same content always hashes the same way on
 * both databases. It is the text of JSON.stringify over a copy with sorted
 * keys (dates as ISO strings), written in one pass without building that
 * copy: it runs for every audit event on the token path, and for ETags and
 * idempotency keys, all of which store its output. hash.test.ts checks it
 * against that definition on generated values.
 */
export function canonicalJson(value: unknown): string {
  return write(value, false) as string;
}

function write(value: unknown, inArray: boolean): string | undefined {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
    case "bigint":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      break;
    default:
      // undefined, functions and symbols: dropped from objects, null in arrays.
      return inArray ? "null" : undefined;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i ? "," : "") + write(value[i], true);
    return out + "]";
  }
  const object = value as Record<string, unknown>;
  const keys = inPropertyOrder(Object.keys(object).sort());
  let out = "{";
  for (const key of keys) {
    const text = write(object[key], false);
    if (text === undefined) continue;
    out += (out.length > 1 ? "," : "") + quote(key) + ":" + text;
  }
  return out + "}";
}

// What JSON.stringify escapes: quote, backslash, control characters and (when unpaired) surrogates.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/** A string as JSON.stringify writes it; the common plain string without a call into it. */
const quote = (s: string) => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);

const MAX_INDEX = 2 ** 32 - 2;
const isIndex = (key: string) => {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && /^(0|[1-9][0-9]*)$/.test(key) && Number(key) <= MAX_INDEX;
};

/**
 * The definition builds an object from sorted keys, and an object lists
 * integer-like keys (array indices) first, in numeric order, whatever the
 * order they were added in. So does this.
 */
function inPropertyOrder(sorted: string[]): string[] {
  if (!sorted.some(isIndex)) return sorted;
  const indices = sorted.filter(isIndex).sort((a, b) => Number(a) - Number(b));
  return [...indices, ...sorted.filter((k) => !isIndex(k))];
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

/**
 * HMAC-SHA-256 under a key derived from TESSERA_SECRET: someone who can write
 * to the database but does not hold the secret cannot recompute a consistent
 * chain after changing, inserting or removing an event.
 */
export function auditEventHash(fields: HashedAuditFields): string {
  return createHmac("sha256", purposeHmacKey("audit-chain-v1")).update(canonicalJson(fields)).digest("hex");
}
