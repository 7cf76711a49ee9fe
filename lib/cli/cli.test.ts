import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createScratchDatabase, testDbProvider, type ScratchDatabase } from "../testing/scratch-database";
import { unique } from "../testing/factories";
import { db } from "../db";
import { runCli } from "../testing/cli-process";

/** The real `tessera` launcher on the given database, with no first-owner settings from the environment. */
const tessera = (args: string[], databaseUrl: string, env: Record<string, string> = {}) =>
  runCli(args, databaseUrl, { TESSERA_ADMIN_EMAIL: "", TESSERA_ADMIN_PASSWORD: "", ...env });

describe("tessera setup and bootstrap (on an empty database)", () => {
  let empty: ScratchDatabase;
  let viaEnv: ScratchDatabase;
  beforeAll(async () => {
    [empty, viaEnv] = await Promise.all([createScratchDatabase(testDbProvider()), createScratchDatabase(testDbProvider())]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([empty?.drop(), viaEnv?.drop()]);
  });

  it("prints a setup link, then `setup` creates the first owner, exactly once", { timeout: 90_000 }, async () => {
    const boot = await tessera(["bootstrap", "--json"], empty.url);
    expect(boot.code).toBe(0);
    expect(JSON.parse(boot.stdout)).toMatchObject({ kind: "setup-link", url: expect.stringMatching(/\/setup\/[A-Za-z0-9_-]{43}$/) });

    const args = ["setup", "--org-slug", "acme", "--org-name", "Acme", "--admin-email", "Ops@Acme.test", "--admin-password", "a long enough password", "--json"];
    const first = await tessera(args, empty.url);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ orgSlug: "acme", orgName: "Acme", adminEmail: "ops@acme.test", role: "OWNER" });

    const again = await tessera(args, empty.url);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split("\n")).toHaveLength(1);
    expect(again.stderr).toContain("already set up");

    const members = await tessera(["members", "list", "--org", "acme", "--json"], empty.url);
    expect(JSON.parse(members.stdout)).toMatchObject([{ email: "ops@acme.test", role: "OWNER" }]);
  });

  it("creates the owner from TESSERA_ADMIN_EMAIL / TESSERA_ADMIN_PASSWORD on first run only", async () => {
    const env = { TESSERA_ADMIN_EMAIL: "root@example.test", TESSERA_ADMIN_PASSWORD: "another long password", TESSERA_ORG_SLUG: "first" };
    const boot = await tessera(["bootstrap", "--json"], viaEnv.url, env);
    expect(JSON.parse(boot.stdout)).toEqual({ kind: "created-admin", email: "root@example.test", orgSlug: "first" });
    const second = await tessera(["bootstrap", "--json"], viaEnv.url, env);
    expect(JSON.parse(second.stdout)).toEqual({ kind: "ready" });
  });
});

describe("tessera orgs and members", () => {
  const url = () => inject("databaseUrl");

  it("creates and lists organisations, adds and invites members", { timeout: 90_000 }, async () => {
    const slug = unique("cli");
    const created = await tessera(["orgs", "create", "--slug", slug, "--name", "CLI Org", "--json"], url());
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ slug, name: "CLI Org" });

    const list = await tessera(["orgs", "list", "--json"], url());
    expect(JSON.parse(list.stdout).map((o: { slug: string }) => o.slug)).toContain(slug);
    const human = await tessera(["orgs", "list"], url());
    expect(human.stdout).toMatch(/^SLUG\s+NAME\s+MEMBERS/);

    const invited = await tessera(["members", "add", "--org", slug, "--email", "newbie@example.test", "--role", "reviewer", "--json"], url());
    expect(invited.code).toBe(0);
    expect(JSON.parse(invited.stdout)).toMatchObject({ status: "invited", role: "REVIEWER", invitationUrl: expect.stringContaining("/invite/") });
  });

  it("audit verify reports { ok, checked, firstBrokenSeq } and exits 1 on a broken chain", { timeout: 90_000 }, async () => {
    const slug = unique("audit");
    await tessera(["orgs", "create", "--slug", slug, "--name", "Audit"], url());
    await tessera(["members", "add", "--org", slug, "--email", "someone@example.test", "--role", "ADMIN"], url());
    const good = await tessera(["audit", "verify", "--org", slug, "--json"], url());
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ ok: true, checked: 2, firstBrokenSeq: null, anchor: null });

    const checkpoint = await tessera(["audit", "checkpoint", "--org", slug, "--json"], url());
    expect(checkpoint.code).toBe(0);
    const { jws, seq } = JSON.parse(checkpoint.stdout) as { jws: string; seq: number };
    expect(seq).toBe(2);
    const anchored = await tessera(["audit", "verify", "--org", slug, "--anchor", jws], url());
    expect(anchored.stdout).toMatch(/OK: 2 events verified[\s\S]*Anchored through 2/);

    const retention = await tessera(["audit", "retention", "--org", slug, "--days", "30", "--json"], url());
    expect(JSON.parse(retention.stdout)).toEqual({ org: slug, retentionDays: 30 });
    const pruned = await tessera(["audit", "prune", "--org", slug, "--json"], url());
    expect(JSON.parse(pruned.stdout)).toEqual({ pruned: 0, throughSeq: null });
    const tooShort = await tessera(["audit", "retention", "--org", slug, "--days", "3"], url());
    expect(tooShort.code).not.toBe(0);
    expect(tooShort.stderr).toMatch(/at least 30 days/);

    const org = await db().organization.findUniqueOrThrow({ where: { slug } });
    await db().auditEvent.updateMany({ where: { chainKey: org.id, seq: 2 }, data: { actorLabel: "someone else" } });
    const bad = await tessera(["audit", "verify", "--org", slug, "--json"], url());
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, checked: 1, firstBrokenSeq: 2 });
    const human = await tessera(["audit", "verify", "--org", slug], url());
    expect(human.stdout).toMatch(/BROKEN at sequence 2/);
  });

  it("refuses bad input with one line on stderr and a non-zero exit, changing nothing", { timeout: 90_000 }, async () => {
    const cases: [string[], RegExp][] = [
      [["orgs", "create", "--slug", "api", "--name", "Reserved"], /reserved/],
      [["orgs", "create", "--slug", "Bad Slug!", "--name", "X"], /slug/i],
      [["members", "add", "--org", "no-such-org-here", "--email", "a@b.test", "--role", "ADMIN"], /not found/],
      [["members", "add", "--org", "x", "--email", "not-an-email", "--role", "ADMIN"], /email/i],
      [["members", "add", "--org", "x", "--email", "a@b.test", "--role", "KING"], /Role must be/],
      [["orgs", "frobnicate"], /unknown command/],
    ];
    for (const [args, message] of cases) {
      const r = await tessera(args, url());
      expect(r.code, args.join(" ")).not.toBe(0);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr, args.join(" ")).toMatch(message);
    }
    const list = await tessera(["orgs", "list", "--json"], url());
    expect(JSON.parse(list.stdout).map((o: { slug: string }) => o.slug)).not.toContain("api");
  });
});
