import { describe, expect, it } from "vitest";
import { db } from "../db";
import { orgWithServiceAccount, validSecretIds } from "../testing/service-account-fixtures";
import { rotateClientSecret } from "./rotate-client-secret";
import { revokeClientSecret } from "./revoke-client-secret";

const HOUR = 3_600_000;

describe("rotating client secrets", () => {
  it("keeps the old secret valid for the grace period, then only the new one", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const t0 = new Date();
    const rotated = await rotateClientSecret(actor, org.slug, created.clientId, { graceSeconds: 24 * 3600 }, t0);
    expect(rotated.clientSecret).toMatch(/^tss_/);
    expect(rotated.previousSecretExpiresAt).toBe(new Date(t0.getTime() + 24 * HOUR).toISOString());
    expect((await validSecretIds(created.clientId, new Date(t0.getTime() + 23 * HOUR))).sort()).toEqual([created.secretId, rotated.secretId].sort());
    expect(await validSecretIds(created.clientId, new Date(t0.getTime() + 24 * HOUR))).toEqual([rotated.secretId]);
  });

  it("grace 0 revokes the previous secret at once", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const rotated = await rotateClientSecret(actor, org.slug, created.clientId, { graceSeconds: 0 });
    expect(await validSecretIds(created.clientId)).toEqual([rotated.secretId]);
    const old = await db().clientSecret.findUniqueOrThrow({ where: { id: created.secretId } });
    expect(old.revokedAt).not.toBeNull();
  });

  it("refuses a third valid secret unless the oldest is revoked in the same call", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const second = await rotateClientSecret(actor, org.slug, created.clientId, { graceSeconds: 3600 });
    await expect(rotateClientSecret(actor, org.slug, created.clientId, { graceSeconds: 3600 })).rejects.toMatchObject({ code: "conflict" });
    const third = await rotateClientSecret(actor, org.slug, created.clientId, { graceSeconds: 3600, revokeOldest: true });
    expect((await validSecretIds(created.clientId)).sort()).toEqual([second.secretId, third.secretId].sort());
  });

  it("never extends an old secret past the expiry it already had", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const t0 = new Date();
    await rotateClientSecret(actor, org.slug, created.clientId, { graceSeconds: 3600 }, t0); // first expires t0+1h
    await revokeClientSecret(actor, org.slug, created.clientId, created.secretId);
    const second = await db().clientSecret.findFirstOrThrow({ where: { serviceAccount: { clientId: created.clientId }, revokedAt: null } });
    await db().clientSecret.update({ where: { id: second.id }, data: { expiresAt: new Date(t0.getTime() + 2 * HOUR) } });
    const r = await rotateClientSecret(actor, org.slug, created.clientId, { graceSeconds: 7 * 24 * 3600 }, t0);
    expect(r.previousSecretExpiresAt).toBe(new Date(t0.getTime() + 2 * HOUR).toISOString());
  });

  it("two concurrent rotations cannot leave three valid secrets", async () => {
    for (let round = 0; round < 3; round++) {
      const { org, actor, created } = await orgWithServiceAccount();
      const results = await Promise.allSettled([
        rotateClientSecret(actor, org.slug, created.clientId, { graceSeconds: 3600 }),
        rotateClientSecret(actor, org.slug, created.clientId, { graceSeconds: 3600 }),
        rotateClientSecret(actor, org.slug, created.clientId, { graceSeconds: 3600 }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason.code === "conflict")).toBe(true);
      expect(await validSecretIds(created.clientId)).toHaveLength(2);
    }
  });

  it("validates the grace period: 0 to 30 days", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    await expect(rotateClientSecret(actor, org.slug, created.clientId, { graceSeconds: 31 * 86_400 })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(rotateClientSecret(actor, org.slug, created.clientId, { graceSeconds: -1 })).rejects.toMatchObject({ code: "validation_failed" });
  });
});
