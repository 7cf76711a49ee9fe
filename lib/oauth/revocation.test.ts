import { describe, expect, it } from "vitest";
import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair } from "jose";
import { db } from "../db";
import { issuer } from "../env";
import { metrics } from "../metrics";
import { drainAuditQueue } from "../audit/audit-batcher";
import { activateServiceAccount, deactivateServiceAccount } from "../service-accounts/set-service-account-status";
import { orgWithIntrospector } from "../testing/service-account-fixtures";
import { introspect, revoke, token } from "../testing/oauth-client";
import { hotTransaction } from "../db-hot";
import { makeOrg } from "../testing/factories";
import { insertRevokedTokens } from "./revocation";
import { ownDatabase } from "../testing/own-database";
import { randomToken } from "../crypto/random";
import { currentSigningKey } from "./signing-keys";
import { sealedTokenId } from "./token-id";

// Counts statements, which depend on what is remembered, so on whether the credential
// epoch (one per database) moved: on a database of its own, where no other test file moves it.
await ownDatabase();

const cc = { grant_type: "client_credentials" };

/** The outcome and reason of the newest token.revoked event of the org. */
async function lastRevocation(orgId: string) {
  await drainAuditQueue();
  return db().auditEvent.findFirst({ where: { orgId, action: "token.revoked" }, orderBy: { seq: "desc" }, select: { outcome: true, reason: true, targetId: true } });
}

const statements = async () => (await metrics().databaseStatements.get()).values[0]?.value ?? 0;
const statementsOf = async (fn: () => Promise<unknown>) => {
  await drainAuditQueue();
  const before = await statements();
  await fn();
  await drainAuditQueue();
  return (await statements()) - before;
};
const rememberedHits = async () => (await metrics().rememberedReads.get()).values.find((v) => v.labels.result === "hit")?.value ?? 0;

/** A token like `genuine` (same key id, same token id), signed by a key Tessera does not hold. */
async function forged(genuine: string, clientId: string, orgId: string) {
  const { privateKey } = await generateKeyPair("ES256");
  return new SignJWT({ client_id: clientId, org_id: orgId, scope: "billing:read" })
    .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: decodeProtectedHeader(genuine).kid! })
    .setIssuer(issuer())
    .setSubject(clientId)
    .setAudience("https://api.example.com")
    // Another iat than the genuine token's, so its sealed id does not hold for it and the signature is checked.
    .setIssuedAt(decodeJwt(genuine).iat! - 60)
    .setExpirationTime("1h")
    .setJti(decodeJwt(genuine).jti!)
    .sign(privateKey);
}

/** `genuine`'s header and claims (some replaced), signed by a key Tessera does not hold. */
async function resigned(genuine: string, replaced: Record<string, unknown> = {}) {
  const { privateKey } = await generateKeyPair("ES256");
  return new SignJWT({ ...decodeJwt(genuine), ...replaced }).setProtectedHeader(decodeProtectedHeader(genuine) as { alg: string }).sign(privateKey);
}

describe("POST /oauth/revoke, access tokens", () => {
  it("revokes the caller's own token once; again, or another client's, is 200 and changes nothing", async () => {
    const { org, created, jwt, caller } = await orgWithIntrospector();
    const own: [string, string] = [created.clientId, created.clientSecret];

    // Another client's token: not revocable by this caller, and still active.
    expect((await revoke(caller, jwt)).status).toBe(200);
    expect(await lastRevocation(org.id)).toMatchObject({ outcome: "failure", reason: "not_revocable" });
    expect((await introspect(caller, jwt)).body.active).toBe(true);

    expect((await revoke(own, jwt)).status).toBe(200);
    expect(await lastRevocation(org.id)).toMatchObject({ outcome: "success", reason: null });
    expect((await introspect(caller, jwt)).body.active).toBe(false);

    // Read in the same statement as the caller: already revoked, so nothing to revoke.
    expect((await revoke(own, jwt)).status).toBe(200);
    expect(await lastRevocation(org.id)).toMatchObject({ outcome: "failure", reason: "not_revocable" });
    expect(await db().revokedToken.count({ where: { orgId: org.id } })).toBe(1);
  });

  it("finds a token from before the account's last deactivation already dead", async () => {
    const { org, actor, created } = await orgWithIntrospector();
    const own: [string, string] = [created.clientId, created.clientSecret];
    const old = (await token(cc, { basic: own })).body.access_token as string;
    await deactivateServiceAccount(actor, org.slug, created.clientId);
    await activateServiceAccount(actor, org.slug, created.clientId);
    // tokensValidAfter has whole-second resolution against iat: issue the next token in a later second.
    await new Promise((r) => setTimeout(r, 1_100));
    const fresh = (await token(cc, { basic: own })).body.access_token as string;

    expect((await revoke(own, old)).status).toBe(200);
    expect(await lastRevocation(org.id)).toMatchObject({ outcome: "failure", reason: "not_revocable" });
    expect((await revoke(own, fresh)).status).toBe(200);
    expect(await lastRevocation(org.id)).toMatchObject({ outcome: "success" });
  });

  it("revokes a token whose id is sealed to its claims without checking its signature, and nothing whose seal does not hold", async () => {
    const { org, created, caller, introspector } = await orgWithIntrospector();
    const own: [string, string] = [created.clientId, created.clientSecret];
    const issue = async () => (await token(cc, { basic: own })).body.access_token as string;
    const active = async (t: string) => (await introspect(caller, t)).body.active as boolean;

    // The very claims, signed by a key Tessera does not hold: the seal stands in for the signature.
    const genuine = await issue();
    const sealed = decodeJwt(genuine);
    expect(sealed.jti).toMatch(/^[A-Za-z0-9_-]{38}$/);
    expect((await revoke(own, await resigned(genuine))).status).toBe(200);
    expect(await lastRevocation(org.id)).toMatchObject({ outcome: "success", targetId: sealed.jti });
    expect(await active(genuine)).toBe(false);
    // Kept until the token's own end (then pruned), in its own organisation.
    expect(await db().revokedToken.findUnique({ where: { jti: sealed.jti! }, select: { orgId: true, expiresAt: true } })).toEqual({
      orgId: org.id,
      expiresAt: new Date(sealed.exp! * 1000),
    });

    // A seal vouches for the token's issuance, not for it being in force: the other rules still apply.
    const now = Math.floor(Date.now() / 1000);
    const sealedAs = (c: { iat: number; exp: number; iss?: string }) => {
      const iss = c.iss ?? issuer();
      return sealedTokenId({ client_id: created.clientId, org_id: org.id, iat: c.iat, exp: c.exp, iss });
    };
    const notInForce = [
      // Expired.
      { iat: now - 7_200, exp: now - 3_600, jti: sealedAs({ iat: now - 7_200, exp: now - 3_600 }) },
      // Another issuer's (sealed under the same secret).
      { iat: now, exp: now + 600, iss: "https://elsewhere.example.com", jti: sealedAs({ iat: now, exp: now + 600, iss: "https://elsewhere.example.com" }) },
      // Not yet valid.
      { iat: now, exp: now + 600, nbf: now + 300, jti: sealedAs({ iat: now, exp: now + 600 }) },
      // A subject that is not its client.
      { iat: now, exp: now + 600, sub: "sa_somebodyelse000000000", jti: sealedAs({ iat: now, exp: now + 600 }) },
      // No audience the account lists.
      { iat: now, exp: now + 600, aud: "https://unlisted.example.com", jti: sealedAs({ iat: now, exp: now + 600 }) },
    ];
    for (const replaced of notInForce) {
      expect((await revoke(own, await resigned(genuine, replaced))).status).toBe(200);
      expect(await lastRevocation(org.id)).toMatchObject({ outcome: "failure", reason: "not_revocable" });
      expect(await db().revokedToken.count({ where: { jti: replaced.jti } })).toBe(0);
    }
    // The same, in force: revoked on its seal alone.
    const inForce = { iat: now, exp: now + 600, jti: sealedAs({ iat: now, exp: now + 600 }) };
    expect((await revoke(own, await resigned(genuine, inForce))).status).toBe(200);
    expect(await lastRevocation(org.id)).toMatchObject({ outcome: "success", targetId: inForce.jti });

    // Claims changed from the sealed ones go through the signature, which fails.
    const kept = await issue();
    const claims = decodeJwt(kept);
    for (const altered of [{ exp: claims.exp! + 3_600 }, { iat: claims.iat! - 1 }, { org_id: "cmsomeotherorg00000000000" }]) {
      expect((await revoke(own, await resigned(kept, altered))).status).toBe(200);
      expect(await lastRevocation(org.id)).toMatchObject({ outcome: "failure", reason: "not_revocable" });
    }
    // Another client's token, claimed as the caller's own: its seal names the other client.
    const theirs = (await token(cc, { basic: caller })).body.access_token as string;
    expect((await revoke(own, await resigned(theirs, { client_id: created.clientId, sub: created.clientId }))).status).toBe(200);
    expect(await lastRevocation(org.id)).toMatchObject({ outcome: "failure", reason: "not_revocable" });
    expect(await active(kept)).toBe(true);
    expect((await introspect([introspector.clientId, introspector.clientSecret], theirs)).body.active).toBe(true);

    // A token from before seals (a random id) is revoked after its signature is checked.
    const key = await currentSigningKey();
    const { jti: _sealed, ...rest } = decodeJwt(kept);
    const older = key.signJwt({ ...rest, jti: randomToken(16) });
    expect(await active(older)).toBe(true);
    expect((await revoke(own, await resigned(older))).status).toBe(200);
    expect(await lastRevocation(org.id)).toMatchObject({ outcome: "failure", reason: "not_revocable" });
    expect((await revoke(own, older)).status).toBe(200);
    expect(await lastRevocation(org.id)).toMatchObject({ outcome: "success" });
    expect(await active(older)).toBe(false);
    expect(await active(kept)).toBe(true);
  });

  it("reads the caller and the token's state together, and nothing more for a genuine token", async () => {
    const { org, created } = await orgWithIntrospector();
    const own: [string, string] = [created.clientId, created.clientSecret];
    const jwt = (await token(cc, { basic: own })).body.access_token as string;
    await revoke(own, jwt);
    // A revocation of another token moves the revocation epoch, so each measured request reads
    // its token's state afresh, its caller from memory alike.
    const revokeAnother = async () => revoke(own, (await token(cc, { basic: own })).body.access_token as string);
    // Both answer not_revocable with nothing else written, so they commit the same group; the
    // forged one is refused at its signature, so the genuine one may read no more than it.
    const fakeToken = await forged(jwt, created.clientId, org.id);
    await revokeAnother();
    const hitsBefore = await rememberedHits();
    const genuine = await statementsOf(() => revoke(own, jwt));
    // Its caller came from memory: a revocation moved only the revocation epoch.
    expect(await rememberedHits()).toBe(hitsBefore + 1);
    await revokeAnother();
    const fake = await statementsOf(() => revoke(own, fakeToken));
    expect(genuine).toBe(fake);
    expect(genuine).toBeGreaterThan(0);
  });

  it("writes the token ids a batch of revocations revokes in one statement, a token sent twice among them", async () => {
    const { org, created, caller } = await orgWithIntrospector();
    const own: [string, string] = [created.clientId, created.clientSecret];
    const tokens = await Promise.all(Array.from({ length: 20 }, async () => (await token(cc, { basic: own })).body.access_token as string));
    const batches = async () => (await metrics().auditBatchSize.get()).values.find((v) => v.metricName?.endsWith("_count"))?.value ?? 0;
    // One revocation: its read, and a group commit of its own.
    const one = await statementsOf(() => revoke(own, tokens[0]!));
    const commit = one - 1;
    // The other 19 at once, one of them twice: a read each, and as many commits as batches
    // formed (one on SQLite; the reads of PostgreSQL may end apart), each no dearer than one's.
    const before = await batches();
    const many = await statementsOf(() => Promise.all([...tokens.slice(1), tokens[1]!].map((t) => revoke(own, t)).map(async (r) => expect((await r).status).toBe(200))));
    const formed = (await batches()) - before;
    // (A token's second revocation in a later batch is not revocable, and writes no row.)
    expect(formed).toBeLessThanOrEqual(10);
    expect(many).toBeLessThanOrEqual(20 + formed * commit);
    expect(await db().revokedToken.count({ where: { orgId: org.id } })).toBe(20);
    for (const t of tokens) expect((await introspect(caller, t)).body.active).toBe(false);
  });

  it("inserts a batch's token ids 500 to a statement, a repeated id once", async () => {
    const org = await makeOrg();
    const run = Math.random().toString(36).slice(2);
    const expiresAt = new Date(Date.now() + 3_600_000);
    const row = (i: number) => [`${run}-${i}`, org.id, expiresAt, new Date()];
    const rows = [...Array.from({ length: 1_001 }, (_, i) => row(i)), row(7), row(1_000)];
    const statementsSent: string[] = [];
    await hotTransaction((sql) =>
      insertRevokedTokens({ hot: true, query: (q, a) => sql.query(q, a), execute: (q, a) => (statementsSent.push(q), sql.execute(q, a)) }, rows),
    );
    expect(statementsSent.length).toBe(3);
    expect(await db().revokedToken.count({ where: { orgId: org.id } })).toBe(1_001);
  });
});
