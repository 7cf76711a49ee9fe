import { describe, expect, it } from "vitest";
import { db } from "../db";
import { cliActor } from "../audit/types";
import { createApiKey } from "../api-keys/create-api-key";
import { resolveApiKey } from "../api-keys/resolve-api-key";
import { hashCredential } from "../credentials/hash";
import { updateOrganizationSettings } from "../orgs/update-organization-settings";
import { updateScope } from "../scopes/update-scope";
import { deleteScope } from "../scopes/delete-scope";
import { activateServiceAccount, deactivateServiceAccount } from "../service-accounts/set-service-account-status";
import { updateServiceAccount } from "../service-accounts/update-service-account";
import { createServiceAccount } from "../service-accounts/create-service-account";
import { actorFor, makeOrg, makeUser } from "../testing/factories";
import { eventsOf, orgWithApproval, scopesOf } from "../testing/approval-fixtures";
import { approveChangeRequest } from "./approve-change-request";
import { expireChangeRequests } from "./expire-change-requests";
import { getChangeRequest } from "./get-change-request";

const DAY = 86_400_000;

describe("what approval covers", () => {
  it("with approval off (the default) high-risk grants apply at once; turning it on is immediate and audited", async () => {
    const { org, owner, requester, account } = await orgWithApproval({ approval: false });
    expect(await updateServiceAccount(requester, org.slug, account.clientId, { scopes: ["billing:read", "billing:write"] })).toEqual({ clientId: account.clientId, changed: true });
    expect(await scopesOf(account.clientId)).toEqual(["billing:read", "billing:write"]);
    await expect(updateOrganizationSettings(requester, org.slug, { requireApproval: true })).rejects.toMatchObject({ code: "forbidden" });
    expect(await updateOrganizationSettings(owner, org.slug, { requireApproval: true })).toEqual({ settings: { requireApproval: true, reviewCadenceDays: 90 }, changed: true });
    const [event] = await eventsOf(org.id, ["organization.settings_changed"]);
    expect(event).toMatchObject({ actorId: owner.id, meta: { before: { requireApproval: false }, after: { requireApproval: true } } });
  });

  it("an API key carrying a high-risk scope is shown once but works only once approved; only its hash waits", async () => {
    const { org, owner, requester, approver, account } = await orgWithApproval({ approval: false });
    await updateServiceAccount(owner, org.slug, account.clientId, { scopes: ["billing:read", "billing:write"] });
    await updateOrganizationSettings(owner, org.slug, { requireApproval: true });

    // A key limited to billing:read needs nothing; one carrying every scope (billing:write too) waits.
    expect(await createApiKey(requester, org.slug, account.clientId, { name: "reader", scopes: ["billing:read"] })).not.toHaveProperty("changeRequest");
    const key = await createApiKey(requester, org.slug, account.clientId, { name: "writer" });
    expect(key).toMatchObject({ apiKey: expect.stringMatching(/^tak_/), name: "writer", changeRequest: { status: "pending", kind: "create_api_key" } });
    expect(await resolveApiKey(key.apiKey, new Date())).toBeNull();
    const stored = await db().changeRequest.findUniqueOrThrow({ where: { id: key.changeRequest!.id } });
    expect(stored.credentialHash).toBe(hashCredential(key.apiKey));
    const trail = JSON.stringify(await db().auditEvent.findMany({ where: { orgId: org.id } }));
    expect(trail).not.toContain(key.apiKey);
    expect(trail).not.toContain(stored.credentialHash);
    expect(stored.payload).not.toContain(key.apiKey);

    await approveChangeRequest(approver, org.slug, key.changeRequest!.id);
    expect(await resolveApiKey(key.apiKey, new Date())).toMatchObject({ key: { id: key.id, name: "writer" }, scopes: ["billing:read", "billing:write"] });
    // The request no longer holds the hash: the key row does.
    expect((await db().changeRequest.findUniqueOrThrow({ where: { id: key.changeRequest!.id } })).credentialHash).toBeNull();
  });

  it("reactivating an account waits for approval; deactivating never does", async () => {
    const { org, requester, approver, account } = await orgWithApproval();
    expect(await deactivateServiceAccount(requester, org.slug, account.clientId)).toEqual({ clientId: account.clientId, status: "DISABLED" });
    const asked = await activateServiceAccount(requester, org.slug, account.clientId);
    expect(asked).toMatchObject({ status: "DISABLED", changeRequest: { kind: "activate_service_account", changes: [{ field: "status", before: "DISABLED", after: "ACTIVE" }] } });
    expect((await db().serviceAccount.findUniqueOrThrow({ where: { clientId: account.clientId } })).status).toBe("DISABLED");
    await approveChangeRequest(approver, org.slug, asked.changeRequest!.id);
    expect((await db().serviceAccount.findUniqueOrThrow({ where: { clientId: account.clientId } })).status).toBe("ACTIVE");
  });

  it("with approval on, turning it off and clearing a scope's high-risk flag are change requests themselves", async () => {
    const { org, owner, approver, requester } = await orgWithApproval();
    const off = await updateOrganizationSettings(owner, org.slug, { requireApproval: false });
    expect(off).toMatchObject({ settings: { requireApproval: true }, changed: false, changeRequest: { kind: "disable_approval", target: { type: "organization" } } });
    expect((await db().organization.findUniqueOrThrow({ where: { id: org.id } })).requireApproval).toBe(true);

    // Nor may the flag go by deleting the scope and creating it again.
    await expect(deleteScope(requester, org.slug, "billing:write")).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("clear its high-risk flag first") });
    const flag = await updateScope(requester, org.slug, "billing:write", { highRisk: false });
    expect(flag).toMatchObject({ highRisk: true, changeRequest: { kind: "update_scope", summary: "Clear the high-risk flag of billing:write" } });
    expect((await db().scope.findFirstOrThrow({ where: { orgId: org.id, name: "billing:write" } })).highRisk).toBe(true);
    // Setting the flag, or changing a description, never waits.
    expect(await updateScope(requester, org.slug, "billing:read", { description: "Read invoices" })).not.toHaveProperty("changeRequest");

    await approveChangeRequest(approver, org.slug, flag.changeRequest!.id);
    expect((await db().scope.findFirstOrThrow({ where: { orgId: org.id, name: "billing:write" } })).highRisk).toBe(false);
    await deleteScope(requester, org.slug, "billing:write"); // its flag cleared with approval, it may go
    await approveChangeRequest(approver, org.slug, off.changeRequest!.id);
    expect((await db().organization.findUniqueOrThrow({ where: { id: org.id } })).requireApproval).toBe(false);
    const applied = await eventsOf(org.id, ["change_request.applied"]);
    expect(applied.map((e) => [e.meta.kind, e.meta.before, e.meta.after])).toEqual([
      ["update_scope", { highRisk: true }, { highRisk: false }],
      ["disable_approval", { requireApproval: true }, { requireApproval: false }],
    ]);
  });

  it("one settings call: the cadence applies at once while turning approval off waits, each setting under its own guard", async () => {
    const { org, owner, approver, requester } = await orgWithApproval();
    // An ADMIN may set the cadence (access-reviews:manage) but not touch approval (members:manage), not even alongside.
    await expect(updateOrganizationSettings(requester, org.slug, { requireApproval: false, reviewCadenceDays: 30 })).rejects.toMatchObject({ code: "forbidden" });
    expect(await updateOrganizationSettings(requester, org.slug, { reviewCadenceDays: 30 })).toEqual({ settings: { requireApproval: true, reviewCadenceDays: 30 }, changed: true });

    const both = await updateOrganizationSettings(owner, org.slug, { requireApproval: false, reviewCadenceDays: 60 });
    expect(both).toMatchObject({ settings: { requireApproval: true, reviewCadenceDays: 60 }, changed: true, changeRequest: { kind: "disable_approval" } });
    const events = await eventsOf(org.id, ["organization.settings_changed"]);
    // The first event is orgWithApproval turning approval on; each later one holds only what it changed.
    expect(events.slice(1).map((e) => [e.actorId, e.meta])).toEqual([
      [requester.id, { before: { reviewCadenceDays: 90 }, after: { reviewCadenceDays: 30 } }],
      [owner.id, { before: { reviewCadenceDays: 30 }, after: { reviewCadenceDays: 60 } }],
    ]);
    // The cadence change since does not make the pending request stale: it was about approval only.
    await approveChangeRequest(approver, org.slug, both.changeRequest!.id);
    expect(await db().organization.findUniqueOrThrow({ where: { id: org.id } })).toMatchObject({ requireApproval: false, reviewCadenceDays: 60 });
    await expect(updateOrganizationSettings(requester, org.slug, { reviewCadenceDays: 3 })).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { reviewCadenceDays: [expect.stringMatching(/At least 7/)] } });
  });
});

describe("who can approve", () => {
  it("an organisation with a single admin learns that nobody else can approve; the operator still can", async () => {
    const solo = await makeUser();
    const org = await makeOrg([{ userId: solo.id, role: "OWNER" }]);
    const actor = actorFor(solo);
    await db().scope.create({ data: { orgId: org.id, name: "data:purge", highRisk: true } });
    await updateOrganizationSettings(actor, org.slug, { requireApproval: true });
    const created = await createServiceAccount(actor, org.slug, { name: "purger", scopes: ["data:purge"], audiences: ["https://data.example.com"] });
    const detail = await getChangeRequest(actor, org.slug, created.changeRequest!.id);
    expect(detail).toMatchObject({ otherApprovers: 0, viewer: { isRequester: true, canDecide: false, canWithdraw: true } });
    await expect(approveChangeRequest(actor, org.slug, detail.id)).rejects.toMatchObject({ code: "forbidden" });
    expect(await approveChangeRequest(cliActor(), org.slug, detail.id)).toMatchObject({ status: "approved", decidedBy: { type: "cli" } });
    expect(await scopesOf(created.clientId)).toEqual(["data:purge"]);
  });

  it("the CLI is its own requester: it cannot approve what it asked for, a person can; others count as approvers", async () => {
    const { org, approver, account } = await orgWithApproval();
    const { changeRequest } = await updateServiceAccount(cliActor(), org.slug, account.clientId, { scopes: ["billing:read", "billing:write"] });
    expect(changeRequest!.requestedBy).toEqual({ type: "cli", label: "operator" });
    await expect(approveChangeRequest(cliActor("another-shell"), org.slug, changeRequest!.id)).rejects.toMatchObject({ code: "forbidden" });
    // OWNER and both ADMINs could approve a request of the CLI.
    expect((await getChangeRequest(approver, org.slug, changeRequest!.id)).otherApprovers).toBe(3);
    await approveChangeRequest(approver, org.slug, changeRequest!.id);
    expect(await scopesOf(account.clientId)).toEqual(["billing:read", "billing:write"]);
  });
});

describe("expiry", () => {
  it("a request nobody decides expires after 7 days, recorded by the system; it cannot be approved from then on", async () => {
    const { org, requester, approver, account } = await orgWithApproval();
    const t0 = new Date();
    const { changeRequest } = await updateServiceAccount(requester, org.slug, account.clientId, { scopes: ["billing:read", "billing:write"] }, { now: t0 });
    expect(changeRequest!.expiresAt).toBe(new Date(t0.getTime() + 7 * DAY).toISOString());
    const later = new Date(t0.getTime() + 7 * DAY + 1000);
    // Past its end, before the maintenance loop ran: refused all the same.
    await expect(approveChangeRequest(approver, org.slug, changeRequest!.id, later)).rejects.toMatchObject({ code: "conflict", userMessage: expect.stringMatching(/expired/) });
    expect(await expireChangeRequests(new Date(t0.getTime() + 6 * DAY))).toBe(0);
    expect(await expireChangeRequests(later)).toBeGreaterThanOrEqual(1);
    expect((await getChangeRequest(approver, org.slug, changeRequest!.id)).status).toBe("expired");
    const [requested, expired] = await eventsOf(org.id, ["change_request.requested", "change_request.expired"]);
    expect(expired).toMatchObject({ actorType: "system", meta: { changeRequestId: changeRequest!.id, requestedEventId: requested!.id } });
    expect(await scopesOf(account.clientId)).toEqual(["billing:read"]);
  });
});
