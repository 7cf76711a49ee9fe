import { describe, expect, it } from "vitest";
import { db } from "../db";
import { createScope } from "../scopes/create-scope";
import { createServiceAccount } from "../service-accounts/create-service-account";
import { updateServiceAccount } from "../service-accounts/update-service-account";
import { deactivateServiceAccount } from "../service-accounts/set-service-account-status";
import { createApiKey } from "../api-keys/create-api-key";
import { actorFor, makeOrg, makeUser } from "../testing/factories";
import { token } from "../testing/oauth-client";
import { listFindings } from "./list-findings";
import { updateOrganizationSettings } from "../orgs/update-organization-settings";

const DAY = 86_400_000;

describe("insights", () => {
  it("finds each kind exactly once with its reason, and a fix clears it", async () => {
    const owner = await makeUser();
    const org = await makeOrg([{ userId: owner.id, role: "OWNER" }]);
    const actor = actorFor(owner);
    await createScope(actor, org.slug, { name: "data:read" });
    await createScope(actor, org.slug, { name: "data:write" });
    await createScope(actor, org.slug, { name: "data:purge", highRisk: true });
    const long = new Date(Date.now() - 120 * DAY);

    // "worker": used today, but only ever asks for data:read; holds data:write for 120 days unused
    const worker = await createServiceAccount(actor, org.slug, { name: "worker", scopes: ["data:read", "data:write"], audiences: ["https://api.example.com"] });
    await db().serviceAccountScope.updateMany({ where: { serviceAccount: { clientId: worker.clientId } }, data: { grantedAt: long } });
    expect((await token({ grant_type: "client_credentials", scope: "data:read" }, { basic: [worker.clientId, worker.clientSecret] })).status).toBe(200);

    // "idle": last used 100 days ago, with a 120-day-old secret
    const idle = await createServiceAccount(actor, org.slug, { name: "idle", audiences: ["https://api.example.com"] });
    await db().serviceAccount.update({ where: { clientId: idle.clientId }, data: { lastUsedAt: new Date(Date.now() - 100 * DAY) } });
    await db().clientSecret.update({ where: { id: idle.secretId }, data: { createdAt: long } });

    // "fresh": never used; holds a high-risk scope; one key without expiry and one expiring in 5 days
    const fresh = await createServiceAccount(actor, org.slug, { name: "fresh", scopes: ["data:purge"], audiences: ["https://api.example.com"] });
    const forever = await createApiKey(actor, org.slug, fresh.clientId, { name: "forever", expiresInDays: null });
    const soon = await createApiKey(actor, org.slug, fresh.clientId, { name: "soon", expiresInDays: 5 });

    // "parked": deactivated but its secret still works
    const parked = await createServiceAccount(actor, org.slug, { name: "parked", audiences: ["https://api.example.com"] });
    await db().serviceAccount.update({ where: { clientId: parked.clientId }, data: { lastUsedAt: new Date() } });
    await deactivateServiceAccount(actor, org.slug, parked.clientId);

    // Approval on, so that every finding below is about an account (approval_off has its own test).
    await db().organization.update({ where: { id: org.id }, data: { requireApproval: true } });
    const { findings, counts } = await listFindings(actor, org.slug);
    const summary = findings.map((f) => `${f.kind}:${f.accountName}:${f.subject ?? ""}`).sort();
    expect(summary).toEqual(
      [
        "account_never_used:fresh:",
        "account_unused:idle:",
        // Each key finding names the key it is about, by the id createApiKey returned.
        `api_key_expiring:fresh:${soon.id}`,
        `api_key_no_expiry:fresh:${forever.id}`,
        "disabled_with_credentials:parked:",
        "high_risk_scope:fresh:data:purge",
        `secret_old:idle:${idle.secretId}`,
        "scope_unused:worker:data:write",
      ].sort(),
    );
    expect(Object.entries(counts).filter(([kind]) => kind !== "approval_off").every(([, n]) => n === 1)).toBe(true);
    expect(counts.approval_off).toBe(0);
    expect(findings.find((f) => f.kind === "scope_unused")!.reason).toMatch(/never requested in a token/);
    expect(findings.find((f) => f.kind === "account_unused")!.reason).toMatch(/Not used for 100 days/);
    for (const f of findings) expect(f.fix.href).toBe(`/${org.slug}/service-accounts/${f.clientId}`);

    // Fixing one (removing the unused scope) clears it, and only it.
    await updateServiceAccount(actor, org.slug, worker.clientId, { scopes: ["data:read"] });
    const after = await listFindings(actor, org.slug);
    expect(after.counts.scope_unused).toBe(0);
    expect(after.total).toBe(findings.length - 1);
  });

  it("lists \"high-risk grants need no approval\" while four-eyes approval is off, linking to the setting", async () => {
    const owner = await makeUser();
    const org = await makeOrg([{ userId: owner.id, role: "OWNER" }]);
    const actor = actorFor(owner);
    const off = await listFindings(actor, org.slug);
    expect(off.findings).toEqual([
      {
        kind: "approval_off",
        clientId: null,
        accountName: null,
        subject: null,
        reason: "High-risk grants need no approval: anyone who can edit an account can grant them alone",
        fix: { label: "Turn on four-eyes approval", href: `/${org.slug}/settings/governance` },
      },
    ]);
    await updateOrganizationSettings(actor, org.slug, { requireApproval: true });
    expect((await listFindings(actor, org.slug)).counts.approval_off).toBe(0);
  });
});
