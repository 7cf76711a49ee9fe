import { cliActor } from "../audit/types";
import { describe, expect, it } from "vitest";
import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair, importJWK, type JWK } from "jose";
import { db } from "../db";
import { issuer } from "../env";
import { createServiceAccount } from "../service-accounts/create-service-account";
import { deactivateServiceAccount, activateServiceAccount } from "../service-accounts/set-service-account-status";
import { createApiKey } from "../api-keys/create-api-key";
import { orgWithIntrospector, orgWithServiceAccount } from "../testing/service-account-fixtures";
import { actorFor, makeUser } from "../testing/factories";
import { introspect, revoke, token } from "../testing/oauth-client";
import { currentSigningKey, jwks, publishedKeys, resetSigningKeyCache, rotateSigningKey } from "./signing-keys";

const cc = { grant_type: "client_credentials" };

const setup = orgWithIntrospector;

async function forge(header: Record<string, unknown>, claims: Record<string, unknown>, key?: Parameters<SignJWT["sign"]>[0]) {
  const k = key ?? (await generateKeyPair("ES256")).privateKey;
  return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(k);
}

describe("POST /oauth/introspect", () => {
  it("reports an issued token active with its claims", async () => {
    const { jwt, caller, created, org } = await setup();
    const r = await introspect(caller, jwt);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ active: true, client_id: created.clientId, sub: created.clientId, org_id: org.id, scope: "billing:read billing:refund" });
  });

  it("needs the tessera:introspect scope", async () => {
    const { jwt, created } = await setup();
    const r = await introspect([created.clientId, created.clientSecret], jwt);
    expect(r.status).toBe(403);
    expect(r.body.error).toBe("unauthorized_client");
  });

  it("says only {active:false} for forged, tampered, expired, foreign, unknown and revoked tokens", async () => {
    const { jwt, caller, created, org } = await setup();
    const claims = decodeJwt(jwt);
    const keys = await jwks();
    const publicJwk = keys.keys[0] as JWK;
    const hsKey = new TextEncoder().encode(JSON.stringify(publicJwk));
    const [h, p, s] = jwt.split(".");
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, scope: "admin:all" })).toString("base64url")}.${s}`;
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url")}.${p}.`;
    const samples = {
      tampered,
      algNone: unsigned,
      hs256WithPublicKey: await forge({ alg: "HS256", typ: "at+jwt", kid: publicJwk.kid }, claims, hsKey),
      unknownKid: await forge({ alg: "ES256", typ: "at+jwt", kid: "nope" }, claims),
      garbage: "not.a.token",
      unknownApiKey: "tak_0000000000000000000000000000000000000000AAAA",
    };
    for (const [name, value] of Object.entries(samples)) {
      expect((await introspect(caller, value)).body, name).toEqual({ active: false });
    }
    // expired: introspect the real token after its expiry
    expect((await introspect(caller, jwt, new Date((claims.exp! + 1) * 1000))).body).toEqual({ active: false });

    // another organisation's introspector learns nothing
    const other = await orgWithServiceAccount();
    const foreign = await createServiceAccount(other.actor, other.org.slug, { name: "gw", scopes: ["tessera:introspect"], audiences: ["x.example.com"] });
    expect((await introspect([foreign.clientId, foreign.clientSecret], jwt)).body).toEqual({ active: false });

    // revoked by its own client: inactive from then on
    expect((await revoke([created.clientId, created.clientSecret], jwt)).status).toBe(200);
    expect((await introspect(caller, jwt)).body).toEqual({ active: false });
    expect(await db().revokedToken.count({ where: { orgId: org.id } })).toBe(1);
  });

  it("wrong typ and wrong issuer are inactive even when signed with a real key", async () => {
    const { caller, jwt } = await setup();
    const row = await db().signingKey.findUniqueOrThrow({ where: { kid: (await jwks()).keys[0]!.kid! } });
    const { decryptAtRest } = await import("../crypto/key-encryption");
    const key = await importJWK(JSON.parse(decryptAtRest(row.privateKeyEnc)) as JWK, row.alg);
    const claims = decodeJwt(jwt);
    const wrongTyp = await new SignJWT(claims).setProtectedHeader({ alg: row.alg, typ: "JWT", kid: row.kid }).sign(key);
    const wrongIss = await new SignJWT({ ...claims, iss: "https://evil.example.com" }).setProtectedHeader({ alg: row.alg, typ: "at+jwt", kid: row.kid }).sign(key);
    const control = await new SignJWT({ ...claims, iss: issuer() }).setProtectedHeader({ alg: row.alg, typ: "at+jwt", kid: row.kid }).sign(key);
    expect((await introspect(caller, wrongTyp)).body).toEqual({ active: false });
    expect((await introspect(caller, wrongIss)).body).toEqual({ active: false });
    expect((await introspect(caller, control)).body.active).toBe(true);
  });

  it("deactivation makes earlier tokens and API keys inactive at once; reactivation restores keys but never earlier tokens", async () => {
    const { jwt, caller, created, org, actor } = await setup();
    const key = await createApiKey(actor, org.slug, created.clientId, { name: "ci", scopes: ["billing:read"] });
    expect((await introspect(caller, key.apiKey)).body).toMatchObject({ active: true, token_type: "api_key", scope: "billing:read", client_id: created.clientId });
    await deactivateServiceAccount(actor, org.slug, created.clientId);
    expect((await introspect(caller, jwt)).body).toEqual({ active: false });
    expect((await introspect(caller, key.apiKey)).body).toEqual({ active: false });
    await activateServiceAccount(actor, org.slug, created.clientId);
    expect((await introspect(caller, key.apiKey)).body.active).toBe(true);
    // A token issued before the deactivation stays dead (issue 10, item 6); a new one works.
    expect((await introspect(caller, jwt)).body).toEqual({ active: false });
    const fresh = await token({ grant_type: "client_credentials" }, { basic: [created.clientId, created.clientSecret], now: new Date(Date.now() + 1_000) });
    expect((await introspect(caller, fresh.body.access_token as string, new Date(Date.now() + 1_000))).body.active).toBe(true);
    await revoke([created.clientId, created.clientSecret], key.apiKey);
    expect((await introspect(caller, key.apiKey)).body).toEqual({ active: false });
  });
});

describe("signing key rotation", () => {
  it("publishes the next key at once but signs with it only after the publication delay", async () => {
    const t0 = new Date();
    resetSigningKeyCache();
    const before = await currentSigningKey(t0);
    const rotation = await rotateSigningKey(cliActor(), { now: t0, delaySeconds: 600 });
    expect((await jwks(t0)).keys.map((k) => k.kid)).toContain(rotation.kid);
    expect((await currentSigningKey(new Date(t0.getTime() + 599_000))).kid).toBe(before.kid);
    expect((await currentSigningKey(new Date(t0.getTime() + 600_000))).kid).toBe(rotation.kid);
    // the old key stays published for the longest token lifetime after it stops signing
    const old = (await publishedKeys(new Date(t0.getTime() + 600_000 + 86_399_000))).map((k) => k.kid);
    expect(old).toContain(before.kid);
    expect((await publishedKeys(new Date(t0.getTime() + 600_000 + 86_400_000))).map((k) => k.kid)).not.toContain(before.kid);
    resetSigningKeyCache();
  });

  it("publishes the next key first, signs with it after the delay, and keeps old tokens verifiable", async () => {
    const { jwt, caller, created } = await setup();
    const oldKid = decodeProtectedHeader(jwt).kid;
    const t0 = new Date();
    const rotation = await rotateSigningKey(cliActor(), { now: t0, delaySeconds: 0 });
    resetSigningKeyCache();
    expect((await jwks()).keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, rotation.kid]));
    const fresh = await token(cc, { basic: [created.clientId, created.clientSecret] });
    expect(decodeProtectedHeader(fresh.body.access_token as string).kid).toBe(rotation.kid);
    expect((await introspect(caller, jwt)).body.active).toBe(true);
    expect((await introspect(caller, fresh.body.access_token as string)).body.active).toBe(true);
    // JWKS carries public parameters only
    for (const k of (await jwks()).keys) expect(k).not.toHaveProperty("d");
  });

  // Rotations change instance-wide state: every test that rotates lives in this describe, run in order.
  it("rotation takes an actor, is refused to console users, and commits with its event; the first key's creation is recorded too", async () => {
    await currentSigningKey();
    const created = await db().auditEvent.findFirst({ where: { action: "signing_key.created", orgId: null } });
    expect(created).toMatchObject({ actorType: "system", targetType: "signing_key" });

    const user = actorFor(await makeUser());
    await expect(rotateSigningKey(user, { delaySeconds: 3600 })).rejects.toMatchObject({ code: "forbidden" });
    const rotation = await rotateSigningKey(cliActor(), { delaySeconds: 0 });
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "signing_key.rotated", targetId: rotation.kid } });
    expect(event).toMatchObject({ actorType: "cli", orgId: null });
    expect(JSON.parse(event.metadata!)).toMatchObject({ kid: rotation.kid, use: "token", retired: expect.any(Array) });
    resetSigningKeyCache();
  });
});

describe("an access token's introspection reflects the account as it is now (issue 10, item 6)", () => {
  it("narrows scope to the current grants and aud to the current audiences; a token left with no audience is inactive", async () => {
    const { org, actor, created, caller } = await setup();
    const { updateServiceAccount } = await import("../service-accounts/update-service-account");
    const both = (await token({ grant_type: "client_credentials" }, { basic: [created.clientId, created.clientSecret] })).body.access_token as string;
    expect((await introspect(caller, both)).body).toMatchObject({ scope: "billing:read billing:refund", aud: ["https://billing.example.com", "billing-api.example.com"] });
    await updateServiceAccount(actor, org.slug, created.clientId, { scopes: ["billing:read"], audiences: ["billing-api.example.com"] });
    expect((await introspect(caller, both)).body).toMatchObject({ active: true, scope: "billing:read", aud: ["billing-api.example.com"] });
    await updateServiceAccount(actor, org.slug, created.clientId, { audiences: ["https://elsewhere.example.com"] });
    expect((await introspect(caller, both)).body).toEqual({ active: false });
  });
});

