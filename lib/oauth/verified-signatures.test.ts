import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { deactivateServiceAccount } from "../service-accounts/set-service-account-status";
import { revoke } from "../testing/oauth-client";
import { orgWithIntrospector } from "../testing/service-account-fixtures";
import { accessTokenVerifier, trustedPublicKey } from "./signing-keys";
import { knownSignature, tokenDigest } from "./verified-signatures";
import { verifyAccessToken } from "./verify-access-token";

// Count full verifications (every signature check goes through a fast-jwt
// verifier), and let a test say what the key ring answers, without touching
// the signing keys other test files share.
const fullVerifications = vi.hoisted(() => vi.fn());
vi.mock("fast-jwt", async (original) => {
  const fastJwt = await original<typeof import("fast-jwt")>();
  const createVerifier = (options: Parameters<typeof fastJwt.createVerifier>[0]) => {
    const verify = fastJwt.createVerifier(options) as (token: string) => unknown;
    return (token: string) => {
      fullVerifications();
      return verify(token);
    };
  };
  return { ...fastJwt, createVerifier };
});
vi.mock("./signing-keys", async (original) => {
  const keys = await original<typeof import("./signing-keys")>();
  return { ...keys, trustedPublicKey: vi.fn(keys.trustedPublicKey) };
});

afterEach(() => {
  vi.mocked(trustedPublicKey).mockReset();
  vi.mocked(fullVerifications).mockClear();
});

const remembered = (jwt: string) => knownSignature(tokenDigest(jwt));

/** A token whose signature was verified once, so that it is remembered. */
async function verifiedOnce() {
  const setup = await orgWithIntrospector();
  expect(await verifyAccessToken(setup.jwt, new Date())).not.toBeNull();
  expect(remembered(setup.jwt)).toBeDefined();
  vi.mocked(fullVerifications).mockClear();
  return setup;
}

describe("verified signatures, remembered", () => {
  it("remember only a signature that verified, by the exact text, and are not verified again", async () => {
    const { jwt } = await orgWithIntrospector();
    const now = new Date();
    expect(remembered(jwt)).toBeUndefined();
    const first = await verifyAccessToken(jwt, now);
    expect(first).toMatchObject({ client_id: decodeJwt(jwt).client_id });
    expect(remembered(jwt)).toMatchObject({ kid: decodeProtectedHeader(jwt).kid, alg: "ES256" });
    expect(fullVerifications).toHaveBeenCalledTimes(1);
    expect(await verifyAccessToken(jwt, now)).toEqual(first);
    expect(fullVerifications).toHaveBeenCalledTimes(1);

    const [h, p, s] = jwt.split(".");
    const tampered = `${h}.${p}.${s!.slice(0, -2)}${s!.endsWith("AA") ? "BA" : "AA"}`;
    expect(await verifyAccessToken(tampered, now)).toBeNull();
    expect(remembered(tampered)).toBeUndefined();
    const otherPayload = `${h}.${Buffer.from(JSON.stringify({ ...decodeJwt(jwt), scope: "admin" })).toString("base64url")}.${s}`;
    expect(await verifyAccessToken(otherPayload, now)).toBeNull();
    expect(remembered(otherPayload)).toBeUndefined();
  });

  it("still end at the token's expiry", async () => {
    const { jwt } = await verifiedOnce();
    const exp = decodeJwt(jwt).exp!;
    expect(await verifyAccessToken(jwt, new Date(exp * 1000 - 1000))).not.toBeNull();
    expect(fullVerifications).not.toHaveBeenCalled();
    expect(await verifyAccessToken(jwt, new Date(exp * 1000))).toBeNull();
  });

  it("still see a deactivated account at once (the account is read on every use)", async () => {
    const { jwt, actor, org, created } = await verifiedOnce();
    await deactivateServiceAccount(actor, org.slug, created.clientId);
    expect(await verifyAccessToken(jwt, new Date())).toBeNull();
  });

  it("still see a revoked token at once", async () => {
    const { jwt, created } = await verifiedOnce();
    expect((await revoke([created.clientId, created.clientSecret], jwt)).status).toBe(200);
    expect(await verifyAccessToken(jwt, new Date())).toBeNull();
  });

  it("count for nothing once their key is no longer trusted", async () => {
    const { jwt } = await verifiedOnce();
    vi.mocked(trustedPublicKey).mockResolvedValue(null);
    expect(await verifyAccessToken(jwt, new Date())).toBeNull();
  });

  it("count for nothing when the kid names other key material: verified in full, and refused", async () => {
    const { jwt } = await verifiedOnce();
    const { publicKey } = await generateKeyPair("ES256", { extractable: true });
    vi.mocked(trustedPublicKey).mockResolvedValue({ alg: "ES256", key: publicKey, verifyJwt: accessTokenVerifier(await exportJWK(publicKey), "ES256") });
    expect(await verifyAccessToken(jwt, new Date())).toBeNull();
    expect(fullVerifications).toHaveBeenCalledTimes(1);
  });
});
