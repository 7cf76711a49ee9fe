import { describe, expect, it } from "vitest";
import { db } from "../db";
import { cliActor, type Actor } from "../audit/types";
import { createApiKey } from "../api-keys/create-api-key";
import { rotateClientSecret } from "../service-accounts/rotate-client-secret";
import { createServiceAccount } from "../service-accounts/create-service-account";
import { updateServiceAccount } from "../service-accounts/update-service-account";
import { token } from "../testing/oauth-client";
import { apiActor, eventsOf, orgWithApproval, scopesOf } from "../testing/approval-fixtures";
import { approveChangeRequest } from "./approve-change-request";
import { rejectChangeRequest } from "./reject-change-request";
import { withdrawChangeRequest } from "./withdraw-change-request";
import { getChangeRequest } from "./get-change-request";
import { listChangeRequests } from "./list-change-requests";
import { updateOrganizationSettings } from "../orgs/update-organization-settings";

const CR_EVENTS = ["change_request.requested", "change_request.approved", "change_request.applied", "change_request.rejected", "change_request.withdrawn"];

describe("four-eyes approval of a high-risk grant", () => {
  it("an ADMIN's grant of billing:write waits; a second ADMIN approves it and it applies, one linked event per step", async () => {
    const { org, requester, approver, account } = await orgWithApproval();
    const asked = await updateServiceAccount(requester, org.slug, account.clientId, { scopes: ["billing:read", "billing:write"], description: "now writes" });
    expect(asked).toMatchObject({ changed: false, changeRequest: { status: "pending", kind: "update_service_account", target: { type: "service_account", id: account.clientId } } });
    const id = asked.changeRequest!.id;
    // Nothing applied: not the scope, not the description, and no token carries it.
    expect(await scopesOf(account.clientId)).toEqual(["billing:read"]);
    expect((await db().serviceAccount.findUniqueOrThrow({ where: { clientId: account.clientId } })).description).toBe("");
    expect((await token({ grant_type: "client_credentials", scope: "billing:write" }, { basic: [account.clientId, account.clientSecret] })).body.error).toBe("invalid_scope");
    expect(asked.changeRequest!.changes).toEqual([
      { field: "description", label: "Description", before: "(none)", after: "now writes" },
      { field: "scopes", label: "Scopes", added: ["billing:write"], removed: [] },
    ]);

    // The requester cannot approve their own request.
    await expect(approveChangeRequest(requester, org.slug, id)).rejects.toMatchObject({ code: "forbidden", userMessage: expect.stringMatching(/someone else must approve/) });
    expect(await scopesOf(account.clientId)).toEqual(["billing:read"]);

    const approved = await approveChangeRequest(approver, org.slug, id);
    expect(approved).toMatchObject({ id, status: "approved", decidedBy: { type: "user", label: approver.label } });
    expect(await scopesOf(account.clientId)).toEqual(["billing:read", "billing:write"]);
    expect((await db().serviceAccount.findUniqueOrThrow({ where: { clientId: account.clientId } })).description).toBe("now writes");
    expect((await token({ grant_type: "client_credentials", scope: "billing:write" }, { basic: [account.clientId, account.clientSecret] })).status).toBe(200);

    const events = await eventsOf(org.id, [...CR_EVENTS, "service_account.updated"]);
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ["change_request.requested", requester.id],
      ["change_request.approved", approver.id],
      ["change_request.applied", approver.id],
    ]);
    const [requested, approval, applied] = events;
    for (const e of events) expect(e.meta.changeRequestId).toBe(id);
    expect(approval!.meta).toMatchObject({ requestedEventId: requested!.id, requestedSeq: requested!.seq });
    expect(applied!.meta).toMatchObject({
      approvedEventId: approval!.id,
      before: { description: "", scopes: ["billing:read"] },
      after: { description: "now writes", scopes: ["billing:read", "billing:write"] },
      highRiskScopes: ["billing:write"],
    });
    // Decided once: a second approval is refused.
    await expect(approveChangeRequest(cliActor(), org.slug, id)).rejects.toMatchObject({ code: "conflict", userMessage: "This request is already approved" });
  });

  it("a create carrying a high-risk scope creates the account with the others and its secret; the high-risk part waits", async () => {
    const { org, requester, approver } = await orgWithApproval();
    const created = await createServiceAccount(requester, org.slug, { name: "payouts", scopes: ["billing:read", "billing:write"], audiences: ["https://pay.example.com"] });
    expect(created).toMatchObject({ scopes: ["billing:read"], clientSecret: expect.stringMatching(/^tss_/), changeRequest: { status: "pending", kind: "grant_scopes" } });
    expect(await scopesOf(created.clientId)).toEqual(["billing:read"]);
    expect((await token({ grant_type: "client_credentials" }, { basic: [created.clientId, created.clientSecret] })).body.scope).toBe("billing:read");
    const [event] = await eventsOf(org.id, ["service_account.created"]).then((all) => all.filter((e) => e.targetId === created.clientId));
    expect(event!.meta).toMatchObject({ highRiskScopes: [], awaitingApproval: ["billing:write"] });

    await approveChangeRequest(approver, org.slug, created.changeRequest!.id);
    expect(await scopesOf(created.clientId)).toEqual(["billing:read", "billing:write"]);
  });

  it("refuses an approval whose change no longer applies: the account changed since the request", async () => {
    const { org, requester, approver, owner, account } = await orgWithApproval();
    const { changeRequest } = await updateServiceAccount(requester, org.slug, account.clientId, { scopes: ["billing:read", "billing:write"] });
    await updateServiceAccount(owner, org.slug, account.clientId, { tokenTtlSeconds: 600 });
    await expect(approveChangeRequest(approver, org.slug, changeRequest!.id)).rejects.toMatchObject({
      code: "conflict",
      userMessage: expect.stringMatching(/^This request no longer applies: billing-job changed after it was requested/),
    });
    // Nothing was written: no grant, no approval event, and the request still waits to be rejected.
    expect(await scopesOf(account.clientId)).toEqual(["billing:read"]);
    expect((await eventsOf(org.id, ["change_request.approved", "change_request.applied"])).length).toBe(0);
    expect((await getChangeRequest(approver, org.slug, changeRequest!.id)).status).toBe("pending");
    expect(await rejectChangeRequest(approver, org.slug, changeRequest!.id, { comment: "stale" })).toMatchObject({ status: "rejected", comment: "stale" });
  });

  it("refuses an approval whose rename collides with a name taken since, writing nothing", async () => {
    const { org, requester, approver, owner, account } = await orgWithApproval();
    const { changeRequest } = await updateServiceAccount(requester, org.slug, account.clientId, { name: "payments-job", scopes: ["billing:read", "billing:write"] });
    await createServiceAccount(owner, org.slug, { name: "payments-job", audiences: ["https://pay.example.com"] });
    await expect(approveChangeRequest(approver, org.slug, changeRequest!.id)).rejects.toMatchObject({ code: "conflict", userMessage: expect.stringMatching(/a name it sets is taken now/) });
    expect(await scopesOf(account.clientId)).toEqual(["billing:read"]);
    expect((await getChangeRequest(approver, org.slug, changeRequest!.id)).status).toBe("pending");
  });

  it("the requester withdraws (nobody else may); approvers reject (the requester may not); both leave the account alone", async () => {
    const { org, requester, approver, reviewer, account } = await orgWithApproval();
    const first = (await updateServiceAccount(requester, org.slug, account.clientId, { scopes: ["billing:read", "billing:write"] })).changeRequest!;
    await expect(withdrawChangeRequest(approver, org.slug, first.id)).rejects.toMatchObject({ code: "forbidden", userMessage: expect.stringMatching(/Only the requester/) });
    await expect(rejectChangeRequest(reviewer, org.slug, first.id)).rejects.toMatchObject({ code: "forbidden" });
    expect(await withdrawChangeRequest(requester, org.slug, first.id)).toMatchObject({ status: "withdrawn", decidedBy: { label: requester.label } });
    await expect(approveChangeRequest(approver, org.slug, first.id)).rejects.toMatchObject({ code: "conflict", userMessage: "This request is already withdrawn" });

    const second = (await updateServiceAccount(requester, org.slug, account.clientId, { scopes: ["billing:read", "billing:write"] })).changeRequest!;
    await expect(rejectChangeRequest(requester, org.slug, second.id)).rejects.toMatchObject({ code: "forbidden", userMessage: expect.stringMatching(/withdraw it instead/) });
    await rejectChangeRequest(approver, org.slug, second.id, { comment: "not this quarter" });
    expect(await scopesOf(account.clientId)).toEqual(["billing:read"]);

    const events = await eventsOf(org.id, CR_EVENTS);
    expect(events.map((e) => e.action)).toEqual(["change_request.requested", "change_request.withdrawn", "change_request.requested", "change_request.rejected"]);
    expect(events[1]!.meta).toMatchObject({ changeRequestId: first.id, requestedEventId: events[0]!.id });
    expect(events[3]!.meta).toMatchObject({ changeRequestId: second.id, requestedEventId: events[2]!.id, comment: "not this quarter" });
    expect((await listChangeRequests(reviewer, org.slug, { status: "all" })).items.map((r) => [r.id, r.status])).toEqual([
      [second.id, "rejected"],
      [first.id, "withdrawn"],
    ]);
  });

  it("a service account holding tessera:change-requests:approve approves; without the scope it is refused; it never approves its own", async () => {
    const { org, requester, owner, account } = await orgWithApproval();
    const approverSa = await createServiceAccount(cliActor(), org.slug, { name: "approver-bot", audiences: ["https://tessera.example.com/api"] });
    await db().serviceAccountScope.create({
      data: { serviceAccount: { connect: { clientId: approverSa.clientId } }, scope: { connect: { orgId_name: { orgId: org.id, name: "tessera:change-requests:approve" } } } },
    });
    const bot = apiActor(approverSa.clientId, org.id, ["tessera:change-requests:approve"]);
    const writer = apiActor(approverSa.clientId, org.id, ["tessera:service-accounts:write"]);
    const { changeRequest } = await updateServiceAccount(requester, org.slug, account.clientId, { scopes: ["billing:read", "billing:write"] });
    await expect(approveChangeRequest(writer, org.slug, changeRequest!.id)).rejects.toMatchObject({ code: "forbidden", status: 403 });
    expect(await approveChangeRequest(bot, org.slug, changeRequest!.id)).toMatchObject({ status: "approved", decidedBy: { type: "service_account" } });
    expect(await scopesOf(account.clientId)).toEqual(["billing:read", "billing:write"]);

    // The bot asks for a change itself (it holds write too): it cannot approve that, a person can.
    const both = apiActor(approverSa.clientId, org.id, ["tessera:service-accounts:write", "tessera:change-requests:approve"]);
    const own = await updateServiceAccount(both, org.slug, account.clientId, { scopes: ["billing:read", "billing:write", "tessera:introspect"] });
    await expect(approveChangeRequest(both, org.slug, own.changeRequest!.id)).rejects.toMatchObject({ code: "forbidden" });
    await approveChangeRequest(owner, org.slug, own.changeRequest!.id);
  });

  it("the requester cannot approve through a bot whose secret they were handed, nor a person what was asked with a key they issued", async () => {
    const { org, requester, approver, owner, account } = await orgWithApproval();
    const approverSa = await createServiceAccount(owner, org.slug, { name: "approver-bot", audiences: ["https://tessera.example.com/api"] });
    await db().serviceAccountScope.create({
      data: { serviceAccount: { connect: { clientId: approverSa.clientId } }, scope: { connect: { orgId_name: { orgId: org.id, name: "tessera:change-requests:approve" } } } },
    });
    const bot = apiActor(approverSa.clientId, org.id, ["tessera:change-requests:approve"]);

    // The requester rotates the bot's secret (no approval needed), then approves their own request with it.
    const { changeRequest } = await updateServiceAccount(requester, org.slug, account.clientId, { scopes: ["billing:read", "billing:write"] });
    await rotateClientSecret(requester, org.slug, approverSa.clientId, { graceSeconds: 0 });
    await expect(approveChangeRequest(bot, org.slug, changeRequest!.id)).rejects.toMatchObject({ code: "forbidden", message: expect.stringContaining("handed a credential") });
    expect(await scopesOf(account.clientId)).toEqual(["billing:read"]);
    // Someone who never held the bot's credentials approves.
    expect(await approveChangeRequest(approver, org.slug, changeRequest!.id)).toMatchObject({ status: "approved" });

    // The other way round: a key the approver issued asks, and its issuer may not approve.
    const writerSa = await createServiceAccount(owner, org.slug, { name: "writer-bot", audiences: ["https://tessera.example.com/api"] });
    const key = await createApiKey(approver, org.slug, writerSa.clientId, { name: "ci" });
    const viaKey: Actor = { type: "api_key", id: key.id, label: "ci", grant: { orgId: org.id, scopes: ["tessera:service-accounts:write"] } };
    const asked = await updateServiceAccount(viaKey, org.slug, account.clientId, { scopes: ["billing:read", "billing:write", "tessera:introspect"] });
    await expect(approveChangeRequest(approver, org.slug, asked.changeRequest!.id)).rejects.toMatchObject({ code: "forbidden", message: expect.stringContaining("You issued") });
    // The owner created the writer bot and so holds its first secret too; the requester ADMIN issued nothing of it.
    expect(await approveChangeRequest(requester, org.slug, asked.changeRequest!.id)).toMatchObject({ status: "approved" });
  });

  it("another organisation's request answers 404, to approvers and to the operator alike", async () => {
    const a = await orgWithApproval();
    const b = await orgWithApproval();
    const { changeRequest } = await updateServiceAccount(a.requester, a.org.slug, a.account.clientId, { scopes: ["billing:read", "billing:write"] });
    const id = changeRequest!.id;
    await expect(approveChangeRequest(b.approver, b.org.slug, id)).rejects.toMatchObject({ code: "not_found" });
    await expect(approveChangeRequest(b.approver, a.org.slug, id)).rejects.toMatchObject({ code: "not_found" });
    await expect(getChangeRequest(cliActor(), b.org.slug, id)).rejects.toMatchObject({ code: "not_found" });
    await expect(withdrawChangeRequest(a.requester, b.org.slug, id)).rejects.toMatchObject({ code: "not_found" });
    await expect(rejectChangeRequest(b.approver, b.org.slug, id)).rejects.toMatchObject({ code: "not_found" });
    // A member of another organisation does not see this one at all.
    await expect(rejectChangeRequest(b.approver, a.org.slug, id)).rejects.toMatchObject({ code: "not_found" });
    await expect(updateOrganizationSettings(b.owner, a.org.slug, { requireApproval: false })).rejects.toMatchObject({ code: "not_found" });
    expect(await scopesOf(a.account.clientId)).toEqual(["billing:read"]);
  });
});
