import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportJWK, generateKeyPair } from "jose";
import { db, disconnectDb } from "../db";
import { encryptAtRest } from "../crypto/key-encryption";
import { metrics } from "../metrics";
import { createScratchDatabase, testDbProvider, type ScratchDatabase } from "../testing/scratch-database";
import { prepareOAuthEndpoints } from "./prepare-endpoints";
import { currentSigningKey, jwks, resetSigningKeyCache, trustedPublicKey } from "./signing-keys";

// A new installation, with no key: a database of this file's own, so no other file's keys are in it.
let own: ScratchDatabase;
beforeAll(async () => {
  own = await createScratchDatabase(testDbProvider());
  process.env.DATABASE_URL = own.url;
});
afterAll(async () => {
  await disconnectDb();
  await own.drop();
});

const statements = async () => (await metrics().databaseStatements.get()).values[0]?.value ?? 0;
const keyRows = () => db().signingKey.count();
const auditRows = () => db().auditEvent.count();

/** A token key as another instance sharing the database would create it (valid, encrypted under the same secret). */
async function keyFromAnotherInstance() {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = `other-${Date.now()}`;
  const now = new Date();
  await db().signingKey.create({
    data: {
      kid, alg: "ES256", use: "token", createdAt: now, activatesAt: now,
      publicJwk: JSON.stringify({ ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" }),
      privateKeyEnc: encryptAtRest(JSON.stringify(await exportJWK(privateKey))),
    },
  });
  return kid;
}

describe("the OAuth endpoints are prepared before the server listens", () => {
  it("writes nothing on a new installation: its first key is still made when it first signs", async () => {
    expect(await prepareOAuthEndpoints()).toBe(true);
    expect([await keyRows(), await auditRows()]).toEqual([0, 0]);
  });

  it("does not keep a new installation's JWKS empty once another instance has made the first key", async () => {
    // This process read no key at preparation; another instance then signs its first token.
    const kid = await keyFromAnotherInstance();
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await jwks()).keys.map((k) => k.kid)).toContain(kid);
  });

  it("reads the keys beforehand, so the first request that signs or verifies sends no statement for them", async () => {
    const { kid } = await currentSigningKey();
    resetSigningKeyCache();
    const beforePrepare = await statements();
    expect(await prepareOAuthEndpoints()).toBe(true);
    const afterPrepare = await statements();
    expect(afterPrepare).toBeGreaterThan(beforePrepare);
    expect((await currentSigningKey()).kid).toBe(kid);
    expect(await trustedPublicKey(kid)).not.toBeNull();
    expect(await statements()).toBe(afterPrepare);
  });

  it("is a head start, not a condition: a database that hangs or fails is waited for a bounded time, then the server listens", async () => {
    const started = Date.now();
    expect(await prepareOAuthEndpoints([() => new Promise(() => undefined)], 200)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
    const after: string[] = [];
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(await prepareOAuthEndpoints([() => Promise.reject(refused), async () => void after.push("ran")])).toBe(false);
    expect(after).toEqual([]);
  });
});
