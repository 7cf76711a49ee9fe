import { describe, expect, it } from "vitest";
import { db } from "../db";
import { metrics } from "../metrics";
import { prepareOAuthEndpoints } from "./prepare-endpoints";
import { jwks, resetSigningKeyCache } from "./signing-keys";

const statements = async () => (await metrics().databaseStatements.get()).values[0]?.value ?? 0;
const keyRows = () => db().signingKey.count();
const keyEvents = () => db().auditEvent.count({ where: { action: { in: ["signing_key.created", "signing_key.rotated"] } } });

describe("the OAuth endpoints are prepared before the server listens", () => {
  it("reads the signing keys beforehand, so the first request that needs them sends no statement for them, and creates none", async () => {
    const [rowsBefore, eventsBefore] = [await keyRows(), await keyEvents()];
    resetSigningKeyCache();
    const beforePrepare = await statements();
    expect(await prepareOAuthEndpoints()).toBe(true);
    const afterPrepare = await statements();
    expect(afterPrepare).toBeGreaterThan(beforePrepare);
    await jwks();
    expect(await statements()).toBe(afterPrepare);
    // Nothing written: a new installation still makes its first key when it first signs.
    expect([await keyRows(), await keyEvents()]).toEqual([rowsBefore, eventsBefore]);
  });

  it("a database that is away is no reason not to listen: it says so and goes on", async () => {
    const later: string[] = [];
    const ok = await prepareOAuthEndpoints([
      () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432")),
      async () => void later.push("ran"),
    ]);
    expect(ok).toBe(false);
    expect(later).toEqual([]);
  });
});
