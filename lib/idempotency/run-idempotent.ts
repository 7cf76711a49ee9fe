import { createHash } from "node:crypto";
import { db, Prisma } from "../db";
import { AppError } from "../errors";
import { canonicalJson } from "../audit/hash";
import { decryptAtRest, encryptAtRest } from "../crypto/key-encryption";

/** How long a first response is replayed to retries with the same key. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** A request still "in flight" after this long died with its process; a retry runs it again. */
export const IN_FLIGHT_ABANDONED_MS = 60_000;
const WAIT_STEP_MS = 50;
const WAIT_MAX_MS = 10_000;

export const idempotencyKeyPattern = /^[\x21-\x7E]{1,255}$/;

export interface StoredResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface IdempotencyScope {
  orgId: string;
  /** Who sent it, e.g. "service_account:sa_…": keys are never shared between callers. */
  principal: string;
  key: string;
  /** What was asked: method, path and body. */
  request: { method: string; path: string; body: unknown };
}

export const requestFingerprint = (r: IdempotencyScope["request"]) =>
  createHash("sha256").update(`${r.method} ${r.path}\n${canonicalJson(r.body ?? null)}`).digest("hex");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Run a create once per Idempotency-Key. The first request with a key claims
 * it (a unique row), runs, and stores its successful response encrypted
 * under TESSERA_SECRET (it may hold a new secret). A retry with the same key
 * and the same request gets that response again, secret included, for 24 h;
 * the same key with another request is refused (422). A concurrent duplicate
 * waits for the first to finish and replays it, so the thing is created once.
 * A failed first attempt stores nothing: its retry runs afresh.
 */
export async function runIdempotent(scope: IdempotencyScope, run: () => Promise<StoredResponse>, now = new Date()): Promise<StoredResponse & { replayed: boolean }> {
  if (!idempotencyKeyPattern.test(scope.key)) {
    throw new AppError("bad_request", "Idempotency-Key must be 1 to 255 printable ASCII characters");
  }
  const fingerprint = requestFingerprint(scope.request);
  const where = { orgId_principal_key: { orgId: scope.orgId, principal: scope.principal, key: scope.key } };
  const waitUntil = Date.now() + WAIT_MAX_MS;
  for (;;) {
    const claimed = await claim(scope, fingerprint, now);
    if (claimed) break;
    const row = await db().idempotencyRecord.findUnique({ where });
    if (!row) continue; // deleted between our insert and read: try to claim again
    const abandoned = row.status === null && now.getTime() - row.createdAt.getTime() > IN_FLIGHT_ABANDONED_MS;
    if (row.expiresAt <= now || abandoned) {
      await db().idempotencyRecord.deleteMany({ where: { id: row.id } });
      continue;
    }
    if (row.fingerprint !== fingerprint) {
      throw new AppError("validation_failed", "This Idempotency-Key was already used with a different request; use a new key", {
        fieldErrors: { "Idempotency-Key": ["Already used with a different request"] },
      });
    }
    if (row.status !== null && row.response) {
      return { ...(JSON.parse(decryptAtRest(row.response, "idempotent-response-v1")) as StoredResponse), replayed: true };
    }
    if (Date.now() > waitUntil) throw new AppError("conflict", "A request with this Idempotency-Key is still in progress; retry shortly");
    await sleep(WAIT_STEP_MS);
  }

  let response: StoredResponse;
  try {
    response = await run();
  } catch (e) {
    await db().idempotencyRecord.deleteMany({ where: { orgId: scope.orgId, principal: scope.principal, key: scope.key, status: null } });
    throw e;
  }
  if (response.status >= 200 && response.status < 300) {
    await db().idempotencyRecord.update({
      where,
      data: { status: response.status, response: encryptAtRest(JSON.stringify(response), "idempotent-response-v1") },
    });
  } else {
    await db().idempotencyRecord.deleteMany({ where: { orgId: scope.orgId, principal: scope.principal, key: scope.key, status: null } });
  }
  return { ...response, replayed: false };
}

async function claim(scope: IdempotencyScope, fingerprint: string, now: Date): Promise<boolean> {
  try {
    await db().idempotencyRecord.create({
      data: {
        orgId: scope.orgId,
        principal: scope.principal,
        key: scope.key,
        fingerprint,
        createdAt: now,
        expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      },
    });
    return true;
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") return false;
    throw e;
  }
}

