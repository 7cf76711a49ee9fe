import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { deactivateServiceAccount } from "../service-accounts/set-service-account-status";
import { orgWithIntrospector } from "../testing/service-account-fixtures";
import { resetSigningKeyCache } from "./signing-keys";
import { knownSignature } from "./verified-signatures";
import { verifyAccessToken } from "./verify-access-token";

// Each test here verifies a token once, so that its signature is remembered,
// and then shows that what can change since is still checked on the next use.
describe("verified signatures, remembered", () => {
  it("remember only a signature that verified, by the exact text", async () => {
    const { jwt } = await orgWithIntrospector();
    const now = new Date();
    expect(knownSignature(jwt)).toBeUndefined();
    const first = await verifyAccessToken(jwt, now);
    expect(first).toMatchObject({ client_id: decodeJwt(jwt).client_id });
    expect(knownSignature(jwt)).toMatchObject({ kid: decodeProtectedHeader(jwt).kid, alg: "ES256" });
    expect(await verifyAccessToken(jwt, now)).toEqual(first);

    const [h, p, s] = jwt.split(".");
    const tampered = `${h}.${p}.${s!.slice(0, -2)}${s!.endsWith("AA") ? "BA" : "AA"}`;
    expect(await verifyAccessToken(tampered, now)).toBeNull();
    expect(knownSignature(tampered)).toBeUndefined();
  });

  it("still end at the token's expiry", async () => {
    const { jwt } = await orgWithIntrospector();
    expect(await verifyAccessToken(jwt, new Date())).not.toBeNull();
    expect(knownSignature(jwt)).toBeDefined();
    const exp = decodeJwt(jwt).exp!;
    expect(await verifyAccessToken(jwt, new Date(exp * 1000 - 1000))).not.toBeNull();
    expect(await verifyAccessToken(jwt, new Date(exp * 1000))).toBeNull();
  });

  it("still see a deactivated account at once (the account is read on every use)", async () => {
    const { jwt, actor, org, created } = await orgWithIntrospector();
    expect(await verifyAccessToken(jwt, new Date())).not.toBeNull();
    await deactivateServiceAccount(actor, org.slug, created.clientId);
    expect(knownSignature(jwt)).toBeDefined();
    expect(await verifyAccessToken(jwt, new Date())).toBeNull();
  });

  it("count for nothing once their key is no longer trusted", async () => {
    const { jwt } = await orgWithIntrospector();
    expect(await verifyAccessToken(jwt, new Date())).not.toBeNull();
    const kid = decodeProtectedHeader(jwt).kid!;
    // A key gone from the database is no longer trusted once the key ring is read again.
    const row = await db().signingKey.findUniqueOrThrow({ where: { kid } });
    await db().signingKey.delete({ where: { kid } });
    resetSigningKeyCache();
    try {
      expect(knownSignature(jwt)).toBeDefined();
      expect(await verifyAccessToken(jwt, new Date())).toBeNull();
    } finally {
      await db().signingKey.create({ data: row });
      resetSigningKeyCache();
    }
    expect(await verifyAccessToken(jwt, new Date())).not.toBeNull();
  });
});
