import { createHmac, createPrivateKey, createPublicKey, sign as nodeSign, type JsonWebKey as NodeJwk } from "node:crypto";
import { describe, expect, it } from "vitest";
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from "jose";
import { db } from "../db";
import { encryptAtRest } from "../crypto/key-encryption";
import { orgWithIntrospector } from "../testing/service-account-fixtures";
import { introspect, token } from "../testing/oauth-client";
import { issuer } from "../env";
import { handleJwksRequest } from "./metadata";
import { signAccessToken } from "./access-token";
import { accessTokenVerifier, currentSigningKey, jwks, jwtSigner, resetSigningKeyCache, SUPPORTED_ALGS } from "./signing-keys";
import { systemActor } from "../audit/actors";

const ctx = { clientIp: "10.70.0.1", userAgent: null, requestId: "keys" };

/** A key row that would sign now and be published, written by someone with database access only. */
async function plant(privateKeyEnc: (jwk: object) => string, publicJwkOverride?: object) {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = `planted-${Math.random().toString(36).slice(2, 8)}`;
  const publicJwk = publicJwkOverride ?? { ...(await exportJWK(publicKey)), kid, alg: "ES256" };
  await db().signingKey.create({
    data: { kid, alg: "ES256", use: "token", publicJwk: JSON.stringify(publicJwk), privateKeyEnc: privateKeyEnc(await exportJWK(privateKey)), activatesAt: new Date(Date.now() + 1_000), createdAt: new Date(Date.now() - 1_000) },
  });
  resetSigningKeyCache();
  return { kid, privateKey };
}

describe("signing keys are trusted only when this installation made them (issue 10, item 5)", () => {
  it("a planted row is never published, never signs and never verifies, and the endpoints keep answering", async () => {
    const { created, caller } = await orgWithIntrospector();
    await currentSigningKey(); // the real key exists
    // Someone with database access but without TESSERA_SECRET: the private half cannot be encrypted under it.
    const garbage = await plant(() => "not-encrypted-under-the-secret");
    const mismatched = await plant(() => encryptAtRest(JSON.stringify({ kty: "EC", crv: "P-256", x: "AAAA", y: "AAAA", d: "AAAA" })));
    await new Promise((r) => setTimeout(r, 1_100)); // both would now be the newest active key

    const published = (await jwks()).keys.map((k) => k.kid);
    for (const k of [garbage, mismatched]) expect(published).not.toContain(k.kid);
    const jwksAnswer = await handleJwksRequest(ctx);
    expect(jwksAnswer.status).toBe(200);

    const issued = await token({ grant_type: "client_credentials" }, { basic: [created.clientId, created.clientSecret], ip: "10.70.0.2" });
    expect(issued.status).toBe(200);
    const kid = JSON.parse(Buffer.from((issued.body.access_token as string).split(".")[0]!, "base64url").toString()).kid;
    expect([garbage.kid, mismatched.kid]).not.toContain(kid);

    // A token signed with the planted key's real private half is inactive.
    const forged = await new SignJWT({ client_id: created.clientId, org_id: "x", scope: "billing:read" })
      .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: garbage.kid })
      .setIssuer(issuer())
      .setSubject(created.clientId)
      .setAudience("https://billing.example.com")
      .setIssuedAt()
      .setExpirationTime("5m")
      .setJti("forged")
      .sign(garbage.privateKey);
    expect((await introspect(caller, forged)).body).toEqual({ active: false });
    await db().signingKey.deleteMany({ where: { kid: { in: [garbage.kid, mismatched.kid] } } });
    resetSigningKeyCache();
  });

  it("audit checkpoints are signed by a key of their own, never by the token key", async () => {
    const { signAuditCheckpoint } = await import("../audit/audit-checkpoint");
    const { org, created } = await orgWithIntrospector();
    await token({ grant_type: "client_credentials" }, { basic: [created.clientId, created.clientSecret], ip: "10.70.0.3" });
    const checkpoint = await signAuditCheckpoint(systemActor, org.id);
    const key = await db().signingKey.findUniqueOrThrow({ where: { kid: checkpoint!.kid } });
    expect(key.use).toBe("checkpoint");
    expect((await jwks()).keys.map((k) => k.kid)).not.toContain(checkpoint!.kid);
    expect((await currentSigningKey()).kid).not.toBe(checkpoint!.kid);
  });
});

describe("access tokens are signed in-line (fast-jwt) and verify with jose, for every supported algorithm", () => {
  it.each(SUPPORTED_ALGS)("%s", async (alg) => {
    // Key material as createSigningKey makes and stores it.
    const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === "EdDSA" ? { crv: "Ed25519" } : {}) });
    const sign = jwtSigner(await exportJWK(privateKey), alg, "kid-under-test", "at+jwt");
    const claims = { client_id: "sa_x", scope: "a b", org_id: "org_1", iss: issuer(), sub: "sa_x", aud: ["https://a.example", "https://b.example"], iat: 1_900_000_000, exp: 1_900_000_600, jti: "j1" };
    const jwt = sign(claims);
    // The header exactly as jose wrote it, keys in order.
    expect(Buffer.from(jwt.split(".")[0]!, "base64url").toString()).toBe(JSON.stringify({ alg, typ: "at+jwt", kid: "kid-under-test" }));
    const verified = await jwtVerify(jwt, publicKey, { algorithms: [alg], typ: "at+jwt", issuer: issuer(), currentDate: new Date(1_900_000_100_000) });
    expect(verified.protectedHeader).toEqual({ alg, typ: "at+jwt", kid: "kid-under-test" });
    expect(verified.payload).toEqual(claims);
    // The claims go out exactly as given, in order: nothing added, nothing dropped.
    expect(Buffer.from(jwt.split(".")[1]!, "base64url").toString()).toBe(JSON.stringify(claims));
    // Tessera's own verifier takes it, and refuses the same claims under another typ.
    const verify = accessTokenVerifier(await exportJWK(publicKey), alg);
    expect(verify(jwt)).toMatchObject({ header: { alg, typ: "at+jwt", kid: "kid-under-test" }, payload: claims });
    const plainJwt = jwtSigner(await exportJWK(privateKey), alg, "kid-under-test", "JWT")(claims);
    expect(() => verify(plainJwt)).toThrow();
    // Another key's public half does not verify it.
    const other = await generateKeyPair(alg, { extractable: true, ...(alg === "EdDSA" ? { crv: "Ed25519" } : {}) });
    await expect(jwtVerify(jwt, other.publicKey, { algorithms: [alg], currentDate: new Date(1_900_000_100_000) })).rejects.toThrow();
    const otherVerify = accessTokenVerifier(await exportJWK(other.publicKey), alg);
    expect(() => otherVerify(jwt)).toThrow();
  });
});

describe("an access token's times", () => {
  it("are refused when not whole seconds, rather than signed without an expiry", async () => {
    const claims = { clientId: "sa_x", orgId: "org_1", audiences: ["https://a.example"], scopes: ["a"] };
    await expect(signAccessToken({ ...claims, ttlSeconds: Number.NaN }, new Date())).rejects.toThrow(/whole seconds/);
    await expect(signAccessToken({ ...claims, ttlSeconds: 60 }, new Date(Number.NaN))).rejects.toThrow(/whole seconds/);
    const { token: jwt, exp } = await signAccessToken({ ...claims, ttlSeconds: 60 }, new Date(1_900_000_000_000));
    expect(exp.getTime()).toBe(1_900_000_060_000);
    expect(JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString())).toMatchObject({ iat: 1_900_000_000, exp: 1_900_000_060 });
  });
});

describe("the in-line verifier refuses what jose refused", () => {
  it("alg none or HS256 under a real kid, a crit header, another typ, a missing exp; takes typ in any case or with application/", async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const verify = accessTokenVerifier(publicJwk, "ES256");
    const signer = createPrivateKey({ key: (await exportJWK(privateKey)) as NodeJwk, format: "jwk" });
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const es256 = (header: object, claims: object) => {
      const input = `${part(header)}.${part(claims)}`;
      return `${input}.${nodeSign("sha256", Buffer.from(input), { key: signer, dsaEncoding: "ieee-p1363" }).toString("base64url")}`;
    };
    const claims = { iss: issuer(), sub: "sa_x", jti: "j", iat: 1_900_000_000, exp: 1_900_000_600 };
    const header = { alg: "ES256", typ: "at+jwt", kid: "k" };
    expect(verify(es256(header, claims)).payload).toEqual(claims); // the control
    expect(verify(es256({ ...header, typ: "AT+JWT" }, claims)).payload).toEqual(claims);
    expect(verify(es256({ ...header, typ: "application/at+jwt" }, claims)).payload).toEqual(claims);

    const spkiPem = createPublicKey({ key: publicJwk as NodeJwk, format: "jwk" }).export({ format: "pem", type: "spki" }) as string;
    const hsInput = `${part({ alg: "HS256", typ: "at+jwt", kid: "k" })}.${part(claims)}`;
    const refused = {
      none: `${part({ alg: "none", typ: "at+jwt", kid: "k" })}.${part(claims)}.`,
      hs256WithThePublicPem: `${hsInput}.${createHmac("sha256", spkiPem).update(hsInput).digest("base64url")}`,
      crit: es256({ ...header, crit: ["x"], x: 1 }, claims),
      otherTyp: es256({ ...header, typ: "JWT" }, claims),
      noTyp: es256({ alg: "ES256", kid: "k" }, claims),
      noExp: es256(header, { ...claims, exp: undefined }),
      noJti: es256(header, { ...claims, jti: undefined }),
    };
    for (const [what, jwt] of Object.entries(refused)) expect(() => verify(jwt), what).toThrow();
  });
});
