import { beforeAll, describe, expect, it } from "vitest";
import { runCli, runCliJson } from "../testing/cli-process";
import { unique } from "../testing/factories";

const json = runCliJson;
const tessera = (...args: string[]) => runCli(args);

describe("tessera service-accounts, scopes and api-keys", () => {
  const org = unique("sacli");
  beforeAll(async () => {
    await json("orgs", "create", "--slug", org, "--name", "SA CLI");
    await json("scopes", "create", "billing:read", "--org", org);
    await json("scopes", "create", "billing:refund", "--org", org, "--high-risk", "--description", "Refund charges");
  }, 60_000);

  it("create → --json fields → rotate → revoke → api keys → deactivate → delete", { timeout: 120_000 }, async () => {
    const created = await json(
      "service-accounts", "create", "--org", org, "--name", "billing-job",
      "--scope", "billing:read billing:refund", "--audience", "https://billing.example.com billing-api.example.com", "--ttl", "900",
    );
    expect(Object.keys(created).sort()).toEqual(["audiences", "clientId", "clientSecret", "name", "scopes", "secretId", "status", "tokenTtlSeconds"]);
    expect(created).toMatchObject({
      name: "billing-job",
      scopes: ["billing:read", "billing:refund"],
      audiences: ["https://billing.example.com", "billing-api.example.com"],
      tokenTtlSeconds: 900,
      status: "ACTIVE",
      clientSecret: expect.stringMatching(/^tss_[0-9A-Za-z]{42}$/),
    });
    const id = created.clientId as string;

    const rotated = await json("service-accounts", "rotate-secret", id, "--grace", "1h");
    expect(Object.keys(rotated).sort()).toEqual(["clientId", "clientSecret", "previousSecretExpiresAt", "secretId"]);
    expect(rotated.clientSecret).not.toBe(created.clientSecret);

    const refused = await tessera("service-accounts", "rotate-secret", id);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: 2 secrets are valid already.*\(--revoke-oldest\)$/m);

    await json("service-accounts", "revoke-secret", id, created.secretId);
    const shown = await json("service-accounts", "show", id, "--org", org);
    expect(shown.secrets.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
      [rotated.secretId, "active"],
      [created.secretId, "revoked"],
    ]);
    expect(JSON.stringify(shown)).not.toContain(rotated.clientSecret);

    const key = await json("api-keys", "create", id, "--name", "ci", "--expires-in-days", "30", "--scope", "billing:read");
    expect(Object.keys(key).sort()).toEqual(["apiKey", "expiresAt", "id"]);
    expect(key.apiKey).toMatch(/^tak_/);
    const keys = await json("api-keys", "list", id);
    expect(keys).toMatchObject([{ id: key.id, name: "ci", status: "active", scopes: ["billing:read"] }]);
    await json("api-keys", "revoke", key.id);
    expect((await json("api-keys", "list", id))[0].status).toBe("revoked");

    expect((await json("service-accounts", "deactivate", id)).status).toBe("DISABLED");
    expect((await json("service-accounts", "activate", id)).status).toBe("ACTIVE");
    const human = await tessera("service-accounts", "list", "--org", org);
    expect(human.stdout).toMatch(/CLIENTID\s+NAME\s+STATUS/);
    expect(human.stdout).toContain(id);
    await json("service-accounts", "delete", id);
    expect(await json("service-accounts", "list", "--org", org)).toEqual([]);
  });

  it("bad input gives a one-line error, a non-zero exit, and changes nothing", { timeout: 120_000 }, async () => {
    await json("service-accounts", "create", "--org", org, "--name", "taken-name", "--audience", "https://a.example.com");
    const cases: [string[], RegExp][] = [
      [["--name", "s1", "--audience", "https://a.example.com", "--scope", "nope:read"], /Unknown scope: nope:read/],
      [["--name", "taken-name", "--audience", "https://a.example.com"], /already exists/],
      [["--name", "s2", "--audience", "https://a.example.com", "--ttl", "30"], /at least 60 seconds/],
      [["--name", "s3", "--audience", "https://a.example.com", "--ttl", "86401"], /at most 86400/],
      [["--name", "s4", "--audience", "ftp://files.example.com"], /absolute URI/],
      [["--name", "s5", "--audience", "bad_name!"], /absolute URI/],
    ];
    for (const [args, message] of cases) {
      const r = await tessera("service-accounts", "create", "--org", org, ...args);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr, args.join(" ")).toMatch(message);
    }
    const names = (await json("service-accounts", "list", "--org", org)).map((a: { name: string }) => a.name);
    expect(names).toEqual(["taken-name"]);

    const grace = await tessera("service-accounts", "rotate-secret", "sa_doesnotexist00000000", "--grace", "forever");
    expect(grace.code).toBe(1);
    const unknown = await tessera("api-keys", "revoke", "no-such-key");
    expect(unknown.stderr).toMatch(/not found/);
  });
});
