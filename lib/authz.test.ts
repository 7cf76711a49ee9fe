import { describe, expect, it } from "vitest";
import { authorizeOrg } from "./authz";
import { cliActor, type Actor } from "./audit/types";
import { CAPABILITIES, can, ROLE_CAPABILITIES } from "./permissions";
import { actorFor, makeOrg, makeUser } from "./testing/factories";

describe("authorizeOrg", () => {
  it("answers another organisation exactly like a missing one (404)", async () => {
    const alice = await makeUser();
    const mine = await makeOrg([{ userId: alice.id, role: "OWNER" }]);
    const theirs = await makeOrg();
    await expect(authorizeOrg(actorFor(alice), mine.slug, "members:manage")).resolves.toMatchObject({ role: "OWNER" });
    const other = await authorizeOrg(actorFor(alice), theirs.slug, "org:read").catch((e) => e);
    const missing = await authorizeOrg(actorFor(alice), "no-such-org-anywhere", "org:read").catch((e) => e);
    expect(other).toMatchObject({ code: "not_found", status: 404 });
    expect(missing).toMatchObject({ code: "not_found", status: 404 });
    expect(other.userMessage).toBe(missing.userMessage);
  });

  it("refuses a capability the role lacks with 403", async () => {
    const reviewer = await makeUser();
    const org = await makeOrg([{ userId: reviewer.id, role: "REVIEWER" }]);
    await expect(authorizeOrg(actorFor(reviewer), org.slug, "audit:read")).resolves.toMatchObject({ principal: { kind: "member", role: "REVIEWER" } });
    await expect(authorizeOrg(actorFor(reviewer), org.slug, "service-accounts:write")).rejects.toMatchObject({ code: "forbidden", status: 403 });
  });

  it("lets the CLI operator do everything, and only on existing organisations", async () => {
    const org = await makeOrg();
    await expect(authorizeOrg(cliActor(), org.slug, "members:manage")).resolves.toMatchObject({ role: "OWNER", principal: { kind: "operator" } });
    await expect(authorizeOrg(cliActor(), "missing-org-x", "org:read")).rejects.toMatchObject({ code: "not_found" });
  });

  it("never authorises service-account or anonymous actors without a grant from the API adapter", async () => {
    const org = await makeOrg();
    await expect(authorizeOrg({ type: "service_account", id: "sa_x", label: null }, org.slug, "org:read")).rejects.toMatchObject({ code: "not_found" });
    await expect(authorizeOrg({ type: "user", id: null, label: null }, org.slug, "org:read")).rejects.toMatchObject({ code: "not_found" });
  });

  it("lets an API principal act only in its own organisation, as far as its scopes allow", async () => {
    const mine = await makeOrg();
    const theirs = await makeOrg();
    const reader: Actor = { type: "service_account", id: "sa_reader", label: "reader", grant: { orgId: mine.id, scopes: ["tessera:service-accounts:read"] } };
    await expect(authorizeOrg(reader, mine.slug, "service-accounts:read")).resolves.toMatchObject({ role: null, principal: { kind: "api" } });
    const write = await authorizeOrg(reader, mine.slug, "service-accounts:write").catch((e) => e);
    expect(write).toMatchObject({ code: "forbidden", status: 403 });
    expect(write.userMessage).toContain("tessera:service-accounts:write");
    // Another organisation's slug is 404, whatever the scopes.
    await expect(authorizeOrg(reader, theirs.slug, "service-accounts:read")).rejects.toMatchObject({ code: "not_found", status: 404 });
    const key: Actor = { type: "api_key", id: "key1", label: "k", grant: { orgId: mine.id, scopes: ["tessera:audit:read"] } };
    await expect(authorizeOrg(key, mine.slug, "audit:read")).resolves.toBeTruthy();
    await expect(authorizeOrg(key, mine.slug, "service-accounts:read")).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("can", () => {
  it("gives each role the one before it plus its own, and people alone manage members and retention", () => {
    for (const c of ROLE_CAPABILITIES.REVIEWER) expect(ROLE_CAPABILITIES.ADMIN.has(c)).toBe(true);
    for (const c of ROLE_CAPABILITIES.ADMIN) expect(ROLE_CAPABILITIES.OWNER.has(c)).toBe(true);
    expect(can({ kind: "member", role: "REVIEWER" }, "service-accounts:write")).toBe(false);
    expect(can({ kind: "member", role: "ADMIN" }, "service-accounts:write")).toBe(true);
    expect(can({ kind: "member", role: "ADMIN" }, "members:manage")).toBe(false);
    expect(can({ kind: "member", role: "OWNER" }, "audit:retention")).toBe(true);
    const everyScope = { kind: "api" as const, scopes: ["tessera:service-accounts:write", "tessera:scopes:write", "tessera:audit:read", "tessera:change-requests:approve", "tessera:introspect"] };
    expect(can(everyScope, "members:manage")).toBe(false);
    expect(can(everyScope, "audit:retention")).toBe(false);
    for (const c of CAPABILITIES) expect(can({ kind: "operator" }, c)).toBe(true);
  });

  it("maps API scopes to capabilities: write implies read, unknown and custom scopes grant nothing", () => {
    const api = (...scopes: string[]) => ({ kind: "api" as const, scopes });
    expect(can(api("tessera:service-accounts:write"), "service-accounts:read")).toBe(true);
    expect(can(api("tessera:service-accounts:read"), "service-accounts:write")).toBe(false);
    expect(can(api("tessera:service-accounts:read"), "audit:read")).toBe(false);
    expect(can(api("tessera:scopes:write"), "scopes:write")).toBe(true);
    expect(can(api("tessera:service-accounts:write"), "scopes:write")).toBe(false);
    expect(can(api("tessera:change-requests:approve"), "change-requests:approve")).toBe(true);
    expect(can(api("billing:admin", "tessera:introspect"), "service-accounts:read")).toBe(false);
    expect(can(api(), "org:read")).toBe(false);
  });
});
