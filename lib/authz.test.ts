import { describe, expect, it } from "vitest";
import { authorizeOrg } from "./authz";
import { cliActor } from "./audit/types";
import { actorFor, makeOrg, makeUser } from "./testing/factories";

describe("authorizeOrg", () => {
  it("answers another organisation exactly like a missing one (404)", async () => {
    const alice = await makeUser();
    const mine = await makeOrg([{ userId: alice.id, role: "OWNER" }]);
    const theirs = await makeOrg();
    await expect(authorizeOrg(actorFor(alice), mine.slug, "OWNER")).resolves.toMatchObject({ role: "OWNER" });
    const other = await authorizeOrg(actorFor(alice), theirs.slug, "REVIEWER").catch((e) => e);
    const missing = await authorizeOrg(actorFor(alice), "no-such-org-anywhere", "REVIEWER").catch((e) => e);
    expect(other).toMatchObject({ code: "not_found", status: 404 });
    expect(missing).toMatchObject({ code: "not_found", status: 404 });
    expect(other.userMessage).toBe(missing.userMessage);
  });

  it("refuses a role below the minimum with 403", async () => {
    const reviewer = await makeUser();
    const org = await makeOrg([{ userId: reviewer.id, role: "REVIEWER" }]);
    await expect(authorizeOrg(actorFor(reviewer), org.slug, "REVIEWER")).resolves.toBeTruthy();
    await expect(authorizeOrg(actorFor(reviewer), org.slug, "ADMIN")).rejects.toMatchObject({ code: "forbidden", status: 403 });
  });

  it("lets the CLI operator act as owner, and only on existing organisations", async () => {
    const org = await makeOrg();
    await expect(authorizeOrg(cliActor(), org.slug, "OWNER")).resolves.toMatchObject({ role: "OWNER" });
    await expect(authorizeOrg(cliActor(), "missing-org-x", "OWNER")).rejects.toMatchObject({ code: "not_found" });
  });

  it("never authorises service-account or anonymous actors into the console's org scope", async () => {
    const org = await makeOrg();
    await expect(authorizeOrg({ type: "service_account", id: "sa_x", label: null }, org.slug, "REVIEWER")).rejects.toMatchObject({ code: "not_found" });
    await expect(authorizeOrg({ type: "user", id: null, label: null }, org.slug, "REVIEWER")).rejects.toMatchObject({ code: "not_found" });
  });
});
