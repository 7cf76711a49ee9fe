import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { db } from "../db";
import { env } from "../env";
import { at } from "../clock";
import { randomToken } from "../crypto/random";
import { decryptAtRest, encryptAtRest } from "../crypto/key-encryption";
import { TOKEN_TTL_MAX } from "../schemas/service-account";

export type SigningAlg = "ES256" | "EdDSA" | "RS256";
export const SUPPORTED_ALGS: SigningAlg[] = ["ES256", "EdDSA", "RS256"];

export interface ActiveSigningKey {
  kid: string;
  alg: SigningAlg;
  privateKey: CryptoKey;
}

async function newKeyRow(alg: SigningAlg, createdAt: Date, activatesAt: Date) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "EdDSA" ? { crv: "Ed25519" } : {}) });
  const kid = randomToken(16);
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  const privateJwk = await exportJWK(privateKey);
  return db().signingKey.create({
    data: { kid, alg, publicJwk: JSON.stringify(publicJwk), privateKeyEnc: encryptAtRest(JSON.stringify(privateJwk)), createdAt, activatesAt },
  });
}

// Decrypted keys are kept in memory by kid; the choice of current key is re-read every 30 s.
const privateKeys = new Map<string, Promise<CryptoKey>>();
let current: { key: ActiveSigningKey; until: number } | undefined;

function loadPrivateKey(row: { kid: string; alg: string; privateKeyEnc: string }): Promise<CryptoKey> {
  let key = privateKeys.get(row.kid);
  if (!key) {
    key = importJWK(JSON.parse(decryptAtRest(row.privateKeyEnc)) as JWK, row.alg) as Promise<CryptoKey>;
    privateKeys.set(row.kid, key);
  }
  return key;
}

/**
 * The key that signs now: the newest key whose activation time has come and
 * that is not retired. The first call on a new installation creates one.
 */
export async function currentSigningKey(now?: Date): Promise<ActiveSigningKey> {
  const when = at(now);
  if (!now && current && current.until > Date.now()) return current.key;
  let row = await db().signingKey.findFirst({
    where: { activatesAt: { lte: when }, OR: [{ retiredAt: null }, { retiredAt: { gt: when } }] },
    orderBy: { activatesAt: "desc" },
  });
  row ??= await newKeyRow(env().TESSERA_SIGNING_ALG, when, when);
  const key = { kid: row.kid, alg: row.alg as SigningAlg, privateKey: await loadPrivateKey(row) };
  if (!now) current = { key, until: Date.now() + 30_000 };
  return key;
}

/**
 * Rotation: the next key is published at once and signs only after the
 * publication delay, so every resource server's cached JWKS has it before the
 * first token it signs. The key it replaces stays published until the
 * longest possible token it signed has expired.
 */
export async function rotateSigningKey(options: { now?: Date; delaySeconds?: number; alg?: SigningAlg } = {}) {
  const when = at(options.now);
  const delay = options.delaySeconds ?? env().TESSERA_KEY_PUBLICATION_DELAY_SECONDS;
  const activatesAt = new Date(when.getTime() + delay * 1000);
  const previous = await db().signingKey.findMany({ where: { retiredAt: null } });
  const next = await newKeyRow(options.alg ?? env().TESSERA_SIGNING_ALG, when, activatesAt);
  await db().signingKey.updateMany({
    where: { kid: { in: previous.map((k) => k.kid) } },
    data: { retiredAt: activatesAt, publishedUntil: new Date(activatesAt.getTime() + TOKEN_TTL_MAX * 1000) },
  });
  current = undefined;
  return { kid: next.kid, alg: next.alg, publishedAt: when.toISOString(), activatesAt: activatesAt.toISOString(), retired: previous.map((k) => k.kid) };
}

/** Keys a verifier may meet: published and not yet past their publication window. */
export async function publishedKeys(now?: Date) {
  const when = at(now);
  const rows = await db().signingKey.findMany({
    where: { createdAt: { lte: when }, OR: [{ publishedUntil: null }, { publishedUntil: { gt: when } }] },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((r) => ({
    kid: r.kid,
    alg: r.alg as SigningAlg,
    jwk: JSON.parse(r.publicJwk) as JWK,
    createdAt: r.createdAt,
    activatesAt: r.activatesAt,
    retiredAt: r.retiredAt,
    publishedUntil: r.publishedUntil,
  }));
}

/** The JWKS document: public parameters only. */
export async function jwks(now?: Date): Promise<{ keys: JWK[] }> {
  const keys = await publishedKeys(now);
  return {
    keys: keys.map(({ jwk }) => {
      const { kty, crv, x, y, n, e, kid, alg, use } = jwk;
      return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e, kid, alg, use }).filter(([, v]) => v !== undefined)) as JWK;
    }),
  };
}

const PUBLIC_PARAMS = ["kty", "crv", "x", "y", "n", "e"] as const;
const trusted = new Map<string, Promise<{ alg: SigningAlg; key: CryptoKey } | null>>();

/**
 * The public key of `kid`, if and only if it belongs to a key pair this
 * installation created: its private half must decrypt under TESSERA_SECRET
 * (AES-GCM authenticates) and match the stored public half. A row written by
 * someone with database access alone is therefore never trusted, even if it
 * still sits in the table. Retired keys stay trusted for old signatures.
 */
export function trustedPublicKey(kid: string) {
  let entry = trusted.get(kid);
  if (!entry) {
    entry = (async () => {
      const row = await db().signingKey.findUnique({ where: { kid } });
      if (!row) return null;
      let privateJwk: JWK;
      try {
        privateJwk = JSON.parse(decryptAtRest(row.privateKeyEnc)) as JWK;
      } catch {
        return null;
      }
      const publicJwk = JSON.parse(row.publicJwk) as JWK;
      if (PUBLIC_PARAMS.some((p) => privateJwk[p] !== publicJwk[p])) return null;
      return { alg: row.alg as SigningAlg, key: (await importJWK(publicJwk, row.alg)) as CryptoKey };
    })();
    trusted.set(kid, entry);
    // A miss is not remembered: the key may be created a moment later.
    void entry.then((k) => k ?? trusted.delete(kid));
  }
  return entry;
}

/** For tests that rotate keys: forget the cached current key. */
export function resetSigningKeyCache() {
  current = undefined;
}
