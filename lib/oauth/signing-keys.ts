import { createPrivateKey, createPublicKey, type JsonWebKey as NodeJwk } from "node:crypto";
import { createSigner, createVerifier } from "fast-jwt";
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { db, transaction } from "../db";
import { env } from "../env";
import { at } from "../clock";
import { log } from "../log";
import { randomToken } from "../crypto/random";
import { decryptAtRest, encryptAtRest } from "../crypto/key-encryption";
import { recordAuditEvent } from "../audit/record-audit-event";
import { systemActor, type Actor } from "../audit/types";
import { AppError } from "../errors";
import { TOKEN_TTL_MAX } from "../schemas/service-account";

export type SigningAlg = "ES256" | "EdDSA" | "RS256";
export const SUPPORTED_ALGS: SigningAlg[] = ["ES256", "EdDSA", "RS256"];
/** Access tokens and audit checkpoints are signed by keys of their own. */
export type KeyUse = "token" | "checkpoint";

export interface ActiveSigningKey {
  kid: string;
  alg: SigningAlg;
  privateKey: CryptoKey;
  /** An access token (RFC 9068): `claims` exactly as given, header {alg, typ: "at+jwt", kid}, signed with this key. */
  signJwt: (claims: Record<string, unknown>) => string;
}

/** A key pair this installation created: its private half decrypts under TESSERA_SECRET and matches the public half. */
interface TrustedKey extends ActiveSigningKey {
  use: KeyUse;
  publicJwk: JWK;
  publicKey: CryptoKey;
  verifyJwt: AccessTokenVerifier;
  createdAt: Date;
  activatesAt: Date;
  retiredAt: Date | null;
  publishedUntil: Date | null;
}

const PUBLIC_PARAMS = ["kty", "crv", "x", "y", "n", "e"] as const;
const RELOAD_MS = 30_000;
const MISS_RELOAD_MS = 1_000;

type Row = Awaited<ReturnType<ReturnType<typeof db>["signingKey"]["findMany"]>>[number];

// Parsed keys by kid (a key never changes once written), and rows that failed the check.
const parsed = new Map<string, Promise<TrustedKey | null>>();
let ring: { keys: TrustedKey[]; loadedAt: number } | undefined;
let loading: Promise<TrustedKey[]> | undefined;
const creating = new Map<KeyUse, Promise<unknown>>();

/**
 * Trust a key row only if its private half decrypts under TESSERA_SECRET
 * (AES-GCM authenticates) and matches the stored public half. Someone who can
 * write to the database but does not hold the secret can therefore plant a
 * row, but never get it published, used to sign, or trusted to verify. A bad
 * row is skipped and logged once, never an error for the request.
 */
async function trust(row: Row): Promise<TrustedKey | null> {
  try {
    const privateJwk = JSON.parse(decryptAtRest(row.privateKeyEnc)) as JWK;
    const publicJwk = JSON.parse(row.publicJwk) as JWK;
    if (PUBLIC_PARAMS.some((p) => privateJwk[p] !== publicJwk[p])) throw new Error("public half does not match the private half");
    const alg = row.alg as SigningAlg;
    if (!SUPPORTED_ALGS.includes(alg)) throw new Error(`unsupported algorithm ${row.alg}`);
    const [privateKey, publicKey] = await Promise.all([importJWK(privateJwk, alg), importJWK(publicJwk, alg)]);
    const use: KeyUse = row.use === "checkpoint" ? "checkpoint" : "token";
    const { kty, crv, x, y, n, e } = publicJwk;
    const published = Object.fromEntries(Object.entries({ kty, crv, x, y, n, e, kid: row.kid, alg, use: "sig" }).filter(([, v]) => v !== undefined)) as JWK;
    // Built here, so a key fast-jwt cannot use is skipped like any other bad row.
    const signJwt = jwtSigner(privateJwk, alg, row.kid, "at+jwt");
    const verifyJwt = accessTokenVerifier(publicJwk, alg);
    return { ...row, alg, use, publicJwk: published, privateKey: privateKey as CryptoKey, publicKey: publicKey as CryptoKey, signJwt, verifyJwt };
  } catch (e) {
    log.warn({ kid: row.kid, reason: e instanceof Error ? e.message : String(e) }, "signing key row is not trusted; skipped");
    return null;
  }
}

/**
 * Signing for the token endpoint's hot path: fast-jwt signs synchronously
 * through node:crypto. jose signs through WebCrypto, whose every signature
 * is a job handed to libuv's thread pool and back; on a server pinned to one
 * core that hand-off cost more than the signature itself (about 110 µs of a
 * token's 350, measured with node --cpu-prof), and in-line signing took a
 * token from 345-377 to 279-309 µs of CPU. Verification is in-line too
 * (accessTokenVerifier).
 */
export function jwtSigner(privateJwk: JWK, alg: SigningAlg, kid: string, typ: string): (claims: Record<string, unknown>) => string {
  const pem = createPrivateKey({ key: privateJwk as NodeJwk, format: "jwk" }).export({ format: "pem", type: "pkcs8" }) as string;
  return createSigner({ key: pem, algorithm: alg, kid, header: { alg, typ } });
}

/**
 * Checks an access token's signature under one key, in-line for the same
 * reason as signing: its algorithm is this key's only, its typ at+jwt, and
 * exp, iat, jti and sub present. Returns the header and payload, or throws.
 * Issuer and lifetime are checked by the caller (verify-access-token), by
 * the same rule whether or not the signature was verified before.
 */
export type AccessTokenVerifier = (token: string) => { header: Record<string, unknown>; payload: Record<string, unknown> };

export function accessTokenVerifier(publicJwk: JWK, alg: SigningAlg): AccessTokenVerifier {
  const pem = createPublicKey({ key: publicJwk as NodeJwk, format: "jwk" }).export({ format: "pem", type: "spki" }) as string;
  return createVerifier({
    key: pem,
    algorithms: [alg],
    complete: true,
    checkTyp: "at+jwt",
    requiredClaims: ["exp", "iat", "jti", "sub"],
    ignoreExpiration: true,
    ignoreNotBefore: true,
    cache: false,
  });
}

async function load(): Promise<TrustedKey[]> {
  const rows = await db().signingKey.findMany({ orderBy: { activatesAt: "desc" } });
  const keys: TrustedKey[] = [];
  for (const row of rows) {
    if (!parsed.has(row.kid)) parsed.set(row.kid, trust(row));
    const key = await parsed.get(row.kid)!;
    // retiredAt and publishedUntil change at rotation; the key material never does.
    if (key) keys.push({ ...key, retiredAt: row.retiredAt, publishedUntil: row.publishedUntil });
  }
  ring = { keys, loadedAt: Date.now() };
  return keys;
}

/** The trusted keys, re-read every 30 s (rotation publishes long before a key signs). */
async function trustedKeys(options: { fresh?: boolean } = {}): Promise<TrustedKey[]> {
  const age = ring ? Date.now() - ring.loadedAt : Infinity;
  if (ring && age < (options.fresh ? MISS_RELOAD_MS : RELOAD_MS)) return ring.keys;
  loading ??= load().finally(() => (loading = undefined));
  return loading;
}

/** Read and check the trusted keys now (creating none), so the first request that signs or verifies finds them ready. */
export async function loadSigningKeys(): Promise<void> {
  await trustedKeys();
}

const signs = (k: TrustedKey, use: KeyUse, when: Date) => k.use === use && k.activatesAt <= when && (!k.retiredAt || k.retiredAt > when);

/**
 * The key that signs now for `use`: the newest trusted key whose activation
 * time has come and that is not retired. The first call on a new
 * installation creates one (an audited system action).
 */
export async function currentSigningKey(now?: Date, use: KeyUse = "token"): Promise<ActiveSigningKey> {
  const when = at(now);
  const pick = (keys: TrustedKey[]) => keys.filter((k) => signs(k, use, when)).sort((a, b) => b.activatesAt.getTime() - a.activatesAt.getTime())[0];
  let key = pick(await trustedKeys()) ?? pick(await trustedKeys({ fresh: true }));
  if (!key) {
    // One creation per process at a time; a second instance racing us only adds a spare key.
    let created = creating.get(use);
    if (!created) {
      created = createSigningKey(systemActor, { use, alg: env().TESSERA_SIGNING_ALG, createdAt: when, activatesAt: when, reason: "first_key" }).finally(() => creating.delete(use));
      creating.set(use, created);
    }
    await created;
    key = pick(await load());
  }
  if (!key) throw new Error(`no ${use} signing key could be created`);
  return { kid: key.kid, alg: key.alg, privateKey: key.privateKey, signJwt: key.signJwt };
}

/** The public key of `kid` for verifying a `use` signature, if this installation trusts it. */
export async function trustedPublicKey(kid: string, use: KeyUse = "token"): Promise<{ alg: SigningAlg; key: CryptoKey; verifyJwt: AccessTokenVerifier } | null> {
  const find = (keys: TrustedKey[]) => keys.find((k) => k.kid === kid && k.use === use);
  // A kid we do not know yet may belong to a key another instance just created.
  const key = find(await trustedKeys()) ?? find(await trustedKeys({ fresh: true }));
  return key ? { alg: key.alg, key: key.publicKey, verifyJwt: key.verifyJwt } : null;
}

interface NewKey {
  use: KeyUse;
  alg: SigningAlg;
  createdAt: Date;
  activatesAt: Date;
  reason: "first_key" | "rotation";
}

/** Insert a key and its audit event in one transaction (instance trail). */
async function createSigningKey(actor: Actor, k: NewKey, retire?: (tx: Parameters<Parameters<typeof transaction>[0]>[0]) => Promise<string[]>) {
  const { publicKey, privateKey } = await generateKeyPair(k.alg, { extractable: true, ...(k.alg === "EdDSA" ? { crv: "Ed25519" } : {}) });
  const kid = randomToken(16);
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: k.alg, use: "sig" };
  const privateJwk = await exportJWK(privateKey);
  return transaction(async (tx) => {
    const retired = (await retire?.(tx)) ?? [];
    await tx.signingKey.create({
      data: { kid, alg: k.alg, use: k.use, publicJwk: JSON.stringify(publicJwk), privateKeyEnc: encryptAtRest(JSON.stringify(privateJwk)), createdAt: k.createdAt, activatesAt: k.activatesAt },
    });
    await recordAuditEvent(tx, {
      orgId: null,
      occurredAt: k.createdAt,
      action: k.reason === "rotation" ? "signing_key.rotated" : "signing_key.created",
      actor,
      target: { type: "signing_key", id: kid, label: `${k.use} ${k.alg}` },
      metadata: { kid, alg: k.alg, use: k.use, activatesAt: k.activatesAt.toISOString(), retired },
    });
    return { kid, retired };
  });
}

/**
 * Rotation (an operator's action, from the CLI): the next key is published
 * at once and signs only after the publication delay, so every resource
 * server's cached JWKS has it before the first token it signs. The key it
 * replaces stays published until the longest possible token it signed has
 * expired. The new key, the retirement and the audit event commit together.
 */
export async function rotateSigningKey(actor: Actor, options: { now?: Date; delaySeconds?: number; alg?: SigningAlg; use?: KeyUse } = {}) {
  if (actor.type !== "cli" && actor.type !== "system") throw new AppError("forbidden", "Only the server's operator can rotate signing keys");
  const when = at(options.now);
  const use = options.use ?? "token";
  const alg = options.alg ?? env().TESSERA_SIGNING_ALG;
  const delay = options.delaySeconds ?? env().TESSERA_KEY_PUBLICATION_DELAY_SECONDS;
  const activatesAt = new Date(when.getTime() + delay * 1000);
  const { kid, retired } = await createSigningKey(actor, { use, alg, createdAt: when, activatesAt, reason: "rotation" }, async (tx) => {
    const previous = await tx.signingKey.findMany({ where: { retiredAt: null, use }, select: { kid: true } });
    await tx.signingKey.updateMany({
      where: { kid: { in: previous.map((k) => k.kid) } },
      data: { retiredAt: activatesAt, publishedUntil: new Date(activatesAt.getTime() + TOKEN_TTL_MAX * 1000) },
    });
    return previous.map((k) => k.kid);
  });
  ring = undefined;
  return { kid, alg, use, publishedAt: when.toISOString(), activatesAt: activatesAt.toISOString(), retired };
}

/** Token keys a verifier may meet: trusted, published, and not yet past their publication window. */
export async function publishedKeys(now?: Date) {
  const when = at(now);
  let keys = await trustedKeys();
  // No token key yet: a new installation, whose first key another instance may have created since
  // (as for an unknown kid, read again, at most once a second, rather than after RELOAD_MS).
  if (!keys.some((k) => k.use === "token")) keys = await trustedKeys({ fresh: true });
  return keys
    .filter((k) => k.use === "token" && k.createdAt <= when && (!k.publishedUntil || k.publishedUntil > when))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map(({ kid, alg, publicJwk, createdAt, activatesAt, retiredAt, publishedUntil }) => ({ kid, alg, jwk: publicJwk, createdAt, activatesAt, retiredAt, publishedUntil }));
}

/** The JWKS document: public parameters of trusted token keys only. */
export async function jwks(now?: Date): Promise<{ keys: JWK[] }> {
  return { keys: (await publishedKeys(now)).map((k) => k.jwk) };
}

/** For tests that rotate keys or plant rows: forget what this process loaded. */
export function resetSigningKeyCache() {
  ring = undefined;
}
