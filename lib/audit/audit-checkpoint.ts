import { CompactSign, compactVerify, decodeProtectedHeader } from "jose";
import { db, Prisma, transaction } from "../db";
import { recordAuditEvent } from "./record-audit-event";
import type { Actor } from "./actors";
import { AppError } from "../errors";
import { at } from "../clock";
import { currentSigningKey, trustedPublicKey } from "../oauth/signing-keys";
import { walkChain } from "./walk-chain";

export const CHECKPOINT_TYPE = "tessera-audit-checkpoint";
export const CHECKPOINT_ACTION = "audit.checkpoint_signed";

/** What a checkpoint attests: chain `chain` held through `seq`, whose hash was `hash`. */
export interface CheckpointClaims {
  chain: string;
  org: string | null;
  seq: number;
  hash: string;
  /** Seconds since the epoch at signing. */
  iat: number;
}

/**
 * Read a checkpoint JWS and check its signature against a checkpoint key this
 * installation created (see trustedPublicKey). Checkpoints signed before
 * checkpoints had keys of their own were signed with the token key; those
 * still verify with a trusted token key, but only when they predate every
 * checkpoint key. Returns null for anything that is not a valid checkpoint.
 */
export async function readAuditCheckpoint(jws: string): Promise<(CheckpointClaims & { kid: string }) | null> {
  try {
    const { kid, typ } = decodeProtectedHeader(jws);
    if (typ !== CHECKPOINT_TYPE || typeof kid !== "string") return null;
    const key = (await trustedPublicKey(kid, "checkpoint")) ?? (await legacyCheckpointKey(kid, jws));
    if (!key) return null;
    const { payload } = await compactVerify(jws, key.key, { algorithms: [key.alg] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as CheckpointClaims;
    if (typeof claims.chain !== "string" || !Number.isInteger(claims.seq) || typeof claims.hash !== "string") return null;
    return { ...claims, kid };
  } catch {
    return null;
  }
}

/**
 * Sign a checkpoint at `throughSeq` (default: the chain's head), after
 * verifying the events since the previous checkpoint: Tessera never signs a
 * history it has not just checked. Idempotent, and safe when several
 * instances do it at once (the second finds the first's row).
 */
export async function signAuditCheckpoint(actor: Actor, chainKey: string, options: { throughSeq?: number; now?: Date } = {}) {
  if (actor.type !== "cli" && actor.type !== "system") throw new AppError("forbidden", "Only the server and its operator sign audit checkpoints");
  const head = await db().auditChain.findUnique({ where: { key: chainKey } });
  const target = options.throughSeq ?? head?.lastSeq ?? 0;
  if (target < 1 || target > (head?.lastSeq ?? 0)) return null;

  const previous = await db().auditCheckpoint.findFirst({ where: { chainKey, seq: { lte: target } }, orderBy: { seq: "desc" } });
  if (previous?.seq === target) return previous;
  let from: { fromSeq: number; prevHash: string | null } = { fromSeq: 1, prevHash: null };
  if (previous) {
    const claims = await readAuditCheckpoint(previous.jws);
    if (!claims || claims.chain !== chainKey || claims.seq !== previous.seq) {
      throw new AppError("conflict", "The audit chain's last checkpoint does not verify", { internal: `${chainKey} checkpoint ${previous.seq}` });
    }
    from = { fromSeq: claims.seq + 1, prevHash: claims.hash };
  } else {
    const first = await db().auditEvent.findFirst({ where: { chainKey }, orderBy: { seq: "asc" }, select: { seq: true } });
    if (first && first.seq !== 1) throw new AppError("conflict", "The audit chain has no checkpoint to start from", { internal: `${chainKey} starts at ${first.seq}` });
  }

  const walk = await walkChain(chainKey, from, { throughSeq: target });
  if (walk.broken || walk.lastSeq !== target || !walk.lastHash) {
    const seq = walk.broken?.seq ?? walk.lastSeq + 1;
    throw new AppError("conflict", `The audit chain is broken at sequence ${seq}; no checkpoint was signed`, { internal: `${chainKey} ${walk.broken?.reason ?? "missing"} at ${seq}` });
  }

  const org = await db().organization.findUnique({ where: { id: chainKey }, select: { id: true } });
  const key = await currentSigningKey(undefined, "checkpoint");
  const claims: CheckpointClaims = { chain: chainKey, org: org?.id ?? null, seq: target, hash: walk.lastHash, iat: Math.floor(at(options.now).getTime() / 1000) };
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: CHECKPOINT_TYPE })
    .sign(key.privateKey);
  try {
    // The checkpoint and its record commit together. The record goes to the
    // instance trail: appended to the chain it anchors, it would itself be
    // the next unanchored event.
    return await transaction(async (tx) => {
      const row = await tx.auditCheckpoint.create({ data: { chainKey, seq: target, hash: walk.lastHash!, kid: key.kid, jws, createdAt: at(options.now) } });
      await recordAuditEvent(tx, {
        orgId: null,
        occurredAt: at(options.now),
        action: CHECKPOINT_ACTION,
        actor,
        target: { type: "organization", id: org?.id ?? chainKey, label: null },
        metadata: { chain: chainKey, seq: target, kid: key.kid },
      });
      return row;
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      return db().auditCheckpoint.findUniqueOrThrow({ where: { chainKey_seq: { chainKey, seq: target } } });
    }
    throw e;
  }
}

async function legacyCheckpointKey(kid: string, jws: string) {
  const [firstCheckpointKey, row] = await Promise.all([
    db().signingKey.findFirst({ where: { use: "checkpoint" }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    db().auditCheckpoint.findFirst({ where: { jws }, select: { createdAt: true } }),
  ]);
  if (firstCheckpointKey && (!row || row.createdAt >= firstCheckpointKey.createdAt)) return null;
  return trustedPublicKey(kid, "token");
}
