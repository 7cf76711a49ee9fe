import { beforeAll, describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../testing/cli-process";
import { unique } from "../testing/factories";

const json = runCliJson;
const tessera = (...args: string[]) => runCli(args);

describe("tessera webhooks", () => {
  const org = unique("whcli");
  beforeAll(async () => {
    await json("orgs", "create", "--slug", org, "--name", "Webhooks CLI");
  }, 60_000);

  it("create prints { id, secret } once; list, update, test, deliveries, rotate-secret and delete work", { timeout: 120_000 }, async () => {
    const created = await json("webhooks", "create", "--org", org, "--url", "http://127.0.0.1:3999/hook", "--events", "credential.expiring,service_account.deactivated", "--allow-private");
    expect(Object.keys(created).sort()).toEqual(["id", "secret"]);
    expect(created.secret).toMatch(/^whsec_/);
    const [listed] = await json("webhooks", "list", "--org", org);
    expect(listed).toMatchObject({ id: created.id, url: "http://127.0.0.1:3999/hook", events: ["credential.expiring", "service_account.deactivated"], allowPrivate: true, enabled: true });
    expect(JSON.stringify(listed)).not.toContain(created.secret.slice(6));

    const queued = await json("webhooks", "test", created.id, "--org", org);
    expect(queued.messageId).toMatch(/^msg_/);
    // Its status depends on whether a worker (another test file's) got to it first.
    expect(await json("webhooks", "deliveries", created.id, "--org", org)).toMatchObject([{ messageId: queued.messageId, type: "webhook.test" }]);

    expect(await json("webhooks", "update", created.id, "--org", org, "--events", "all", "--disable")).toMatchObject({ events: null, enabled: false, changed: true });
    expect(await json("webhooks", "update", created.id, "--org", org, "--enable")).toMatchObject({ enabled: true });
    const rotated = await json("webhooks", "rotate-secret", created.id, "--org", org);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    expect(await json("webhooks", "delete", created.id, "--org", org)).toEqual({ id: created.id, deleted: true });
    expect(await json("webhooks", "list", "--org", org)).toEqual([]);
  });

  it("bad input exits 1 with one line: a private address without --allow-private, an unknown event", { timeout: 60_000 }, async () => {
    const refused = await tessera("webhooks", "create", "--org", org, "--url", "http://10.0.0.1/hook");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("error: 10.0.0.1 is a private, loopback or link-local address; only an owner may allow private targets on an endpoint\n");
    const unknown = await tessera("webhooks", "create", "--org", org, "--url", "https://hooks.example.com", "--events", "token.issued");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: events\.0: Events are credential\.expiring, /);
    const elsewhere = await tessera("webhooks", "delete", "nope", "--org", org);
    expect(elsewhere.stderr).toBe("error: Webhook endpoint not found\n");
  });
});

describe("tessera reviews, service-accounts update --owner, orgs settings --review-cadence", () => {
  const org = unique("rvcli");
  let clientId: string;
  beforeAll(async () => {
    await json("orgs", "create", "--slug", org, "--name", "Reviews CLI");
    await json("scopes", "create", "billing:read", "--org", org);
    await json("scopes", "create", "billing:refund", "--org", org);
    clientId = (await json("service-accounts", "create", "--org", org, "--name", "billing-job", "--scope", "billing:read billing:refund", "--audience", "https://billing.example.com")).clientId;
  }, 60_000);

  it("start → show → decide → close → export; the removed grant is gone", { timeout: 120_000 }, async () => {
    const started = await json("reviews", "start", "--org", org);
    expect(started).toMatchObject({ accounts: 1, grants: 2 });
    const shown = await json("reviews", "show", started.id, "--org", org);
    expect(shown.accounts[0].grants.map((g: { scope: string }) => g.scope)).toEqual(["billing:read", "billing:refund"]);
    expect(await json("reviews", "decide", started.id, "--org", org, "--client-id", clientId, "--scope", "billing:refund", "--decision", "remove")).toMatchObject({ decision: "remove", changed: true });
    const early = await tessera("reviews", "export", started.id, "--org", org);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/^error: Close the access review before exporting it/);
    expect(await json("reviews", "close", started.id, "--org", org)).toMatchObject({ removed: 1, undecided: 1 });
    expect((await json("service-accounts", "show", clientId)).scopes).toEqual(["billing:read"]);
    const csv = await tessera("reviews", "export", started.id, "--org", org);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split("\r\n")[0]).toMatch(/^reviewId,startedAt,/);
    expect(csv.stdout).toContain(",billing:refund,false,");
    expect(await json("reviews", "list", "--org", org)).toMatchObject([{ id: started.id, status: "closed", remove: 1, undecided: 1 }]);
  });

  it("names an owner by email, sets the review cadence, and reports the status", { timeout: 60_000 }, async () => {
    const missing = await tessera("service-accounts", "update", clientId, "--owner", "nobody@example.test");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("error: nobody@example.test is not a member of this organisation\n");
    expect(await json("orgs", "settings", "--org", org, "--review-cadence", "30")).toEqual({ slug: org, requireApproval: false, reviewCadenceDays: 30 });
    const bad = await tessera("orgs", "settings", "--org", org, "--review-cadence", "3");
    expect(bad.stderr).toBe("error: reviewCadenceDays: At least 7 days\n");
    expect(await json("reviews", "status", "--org", org)).toMatchObject({ cadenceDays: 30, overdue: false });
  });
});
