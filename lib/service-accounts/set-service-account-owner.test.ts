import { describe, expect, it } from "vitest";
import { db } from "../db";
import { makeOrg, makeUser } from "../testing/factories";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { setServiceAccountOwner } from "./set-service-account-owner";
import { getServiceAccount } from "./get-service-account";
import { patchServiceAccount } from "../api/patch-service-account";
import { accountVersion } from "../resource-version";

describe("setServiceAccountOwner", () => {
  it("names a member of the organisation (by email), records before and after, and clears with null", async () => {
    const { org, actor, owner, reviewer, created } = await orgWithServiceAccount();
    expect(await setServiceAccountOwner(actor, org.slug, created.clientId, { ownerEmail: reviewer.email.toUpperCase() })).toMatchObject({ changed: true });
    expect((await getServiceAccount(actor, org.slug, created.clientId)).account).toMatchObject({ ownerEmail: reviewer.email, ownerUserId: reviewer.id });
    expect(await setServiceAccountOwner(actor, org.slug, created.clientId, { ownerEmail: reviewer.email })).toMatchObject({ changed: false });
    await setServiceAccountOwner(actor, org.slug, created.clientId, { ownerEmail: owner.email });
    await setServiceAccountOwner(actor, org.slug, created.clientId, { ownerEmail: null });
    expect((await getServiceAccount(actor, org.slug, created.clientId)).account.ownerEmail).toBeNull();
    const events = await db().auditEvent.findMany({ where: { orgId: org.id, action: "service_account.updated" }, orderBy: { seq: "asc" } });
    expect(events.map((e) => JSON.parse(e.metadata!))).toEqual([
      { before: { owner: null }, after: { owner: reviewer.email }, highRiskScopes: [] },
      { before: { owner: reviewer.email }, after: { owner: owner.email }, highRiskScopes: [] },
      { before: { owner: owner.email }, after: { owner: null }, highRiskScopes: [] },
    ]);
  });

  it("refuses someone who is not a member (another organisation's included), and a REVIEWER", async () => {
    const { org, actor, reviewerActor, reviewer, created } = await orgWithServiceAccount();
    const outsider = await makeUser();
    await makeOrg([{ userId: outsider.id, role: "OWNER" }]);
    await expect(setServiceAccountOwner(actor, org.slug, created.clientId, { ownerEmail: outsider.email })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { ownerEmail: [`${outsider.email} is not a member of this organisation`] },
    });
    await expect(setServiceAccountOwner(reviewerActor, org.slug, created.clientId, { ownerEmail: reviewer.email })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("is part of the account's version: the API's PATCH sets it, and a stale If-Match is refused", async () => {
    const { org, actor, reviewer, created } = await orgWithServiceAccount();
    const versionOf = async () => {
      const a = (await getServiceAccount(actor, org.slug, created.clientId)).account;
      return accountVersion({ ...a, scopes: a.scopes.map((s) => s.name) });
    };
    const before = await versionOf();
    const patched = await patchServiceAccount(actor, org.slug, created.clientId, { ownerEmail: reviewer.email }, [before]);
    expect(patched.account.ownerEmail).toBe(reviewer.email);
    const after = await versionOf();
    expect(after).not.toBe(before);
    await expect(patchServiceAccount(actor, org.slug, created.clientId, { ownerEmail: null }, [before])).rejects.toMatchObject({ code: "precondition_failed" });
    await expect(patchServiceAccount(actor, org.slug, created.clientId, { description: "x" }, [after])).resolves.toMatchObject({ account: { description: "x" } });
  });
});
