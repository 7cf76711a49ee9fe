import { beforeAll, describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../testing/cli-process";
import { db } from "../db";
import { actorFor, makeUser, unique } from "../testing/factories";
import { scopesOf } from "../testing/approval-fixtures";
import { approveChangeRequest } from "../change-requests/approve-change-request";
import { rejectChangeRequest } from "../change-requests/reject-change-request";
import { updateServiceAccount } from "../service-accounts/update-service-account";

const json = runCliJson;
const tessera = (...args: string[]) => runCli(args);

describe("tessera orgs settings and tessera requests", () => {
  const org = unique("reqcli");
  let admin: ReturnType<typeof actorFor>;
  beforeAll(async () => {
    await json("orgs", "create", "--slug", org, "--name", "Requests CLI");
    await json("scopes", "create", "billing:read", "--org", org);
    await json("scopes", "create", "billing:write", "--org", org, "--high-risk");
    const user = await makeUser();
    const { id: orgId } = await db().organization.findUniqueOrThrow({ where: { slug: org } });
    await db().membership.create({ data: { orgId, userId: user.id, role: "ADMIN" } });
    admin = actorFor(user);
  }, 60_000);

  it("turns approval on; a create with a high-risk scope prints the secret and the pending request and exits 0; the CLI cannot approve it, a person can", { timeout: 240_000 }, async () => {
    expect(await json("orgs", "settings", "--org", org)).toEqual({ slug: org, requireApproval: false, reviewCadenceDays: 90 });
    const bad = await tessera("orgs", "settings", "--org", org, "--require-approval", "maybe");
    expect(bad).toMatchObject({ code: 1, stderr: "error: --require-approval takes on or off\n" });
    expect(await json("orgs", "settings", "--org", org, "--require-approval", "on")).toEqual({ slug: org, requireApproval: true, reviewCadenceDays: 90 });

    const created = await json("service-accounts", "create", "--org", org, "--name", "payouts", "--scope", "billing:read billing:write", "--audience", "https://pay.example.com", "--for", "8h");
    expect(created).toMatchObject({
      name: "payouts",
      scopes: ["billing:read"],
      clientSecret: expect.stringMatching(/^tss_/),
      changeRequest: { id: expect.stringMatching(/^cr_/), status: "pending", kind: "grant_scopes", grantForSeconds: 28_800, requestedBy: { type: "cli", label: "operator" } },
    });
    const id = created.changeRequest.id as string;
    expect((await json("requests", "list", "--org", org)).map((r: { id: string }) => r.id)).toEqual([id]);

    const own = await tessera("requests", "approve", id, "--org", org);
    expect(own.code).toBe(1);
    expect(own.stderr).toBe("error: You requested this change, so someone else must approve it (four-eyes)\n");
    expect(await scopesOf(created.clientId)).toEqual(["billing:read"]);

    await approveChangeRequest(admin, org, id);
    expect(await scopesOf(created.clientId)).toEqual(["billing:read", "billing:write"]);
    expect(await json("requests", "show", id, "--org", org)).toMatchObject({ id, status: "approved", decidedBy: { type: "user", label: admin.label }, otherApprovers: 1 });
    const human = await tessera("requests", "list", "--org", org, "--status", "all");
    expect(human.stdout).toMatch(/ID\s+STATUS\s+SUMMARY/);
    expect(human.stdout).toContain(`${id}  approved  Grant billing:write to payouts`);
  });

  it("the CLI approves and rejects what people asked for, withdraws its own, and turning approval off waits", { timeout: 240_000 }, async () => {
    const account = await json("service-accounts", "create", "--org", org, "--name", unique("job"), "--scope", "billing:read", "--audience", "https://job.example.com");
    const first = (await updateServiceAccount(admin, org, account.clientId, { scopes: ["billing:read", "billing:write"] })).changeRequest!;
    expect(await json("requests", "approve", first.id, "--org", org)).toMatchObject({ id: first.id, status: "approved", decidedBy: { type: "cli" } });
    expect(await scopesOf(account.clientId)).toEqual(["billing:read", "billing:write"]);

    const second = (await updateServiceAccount(admin, org, account.clientId, { scopes: ["billing:read"], description: "x" })).changed;
    expect(second).toBe(true); // removing a high-risk scope never waits
    const key = await json("api-keys", "create", account.clientId, "--name", "ci");
    expect(key.apiKey).toMatch(/^tak_/);
    expect(key).not.toHaveProperty("changeRequest"); // the account holds nothing high-risk any more

    const reactivation = await json("service-accounts", "deactivate", account.clientId).then(() => json("service-accounts", "activate", account.clientId));
    expect(reactivation).toMatchObject({ status: "DISABLED", changeRequest: { kind: "activate_service_account", status: "pending" } });
    expect(await json("requests", "withdraw", reactivation.changeRequest.id, "--org", org)).toMatchObject({ status: "withdrawn" });

    const third = (await updateServiceAccount(admin, org, account.clientId, { scopes: ["billing:read", "billing:write"] })).changeRequest!;
    expect(await json("requests", "reject", third.id, "--org", org, "--comment", "not this quarter")).toMatchObject({ status: "rejected", comment: "not this quarter" });

    // One command for every setting: the cadence applies at once, turning approval off waits.
    const off = await json("orgs", "settings", "--org", org, "--require-approval", "off", "--review-cadence", "30");
    expect(off).toMatchObject({ requireApproval: true, reviewCadenceDays: 30, changeRequest: { kind: "disable_approval", status: "pending" } });
    const ownReject = await tessera("requests", "reject", off.changeRequest.id, "--org", org);
    expect(ownReject).toMatchObject({ code: 1, stderr: "error: You requested this change: withdraw it instead of rejecting it\n" });
    await rejectChangeRequest(admin, org, off.changeRequest.id, { comment: "keep it on" });
    // Still on: the rejection changed nothing.
    expect(await json("orgs", "settings", "--org", org)).toEqual({ slug: org, requireApproval: true, reviewCadenceDays: 30 });
  });
});
