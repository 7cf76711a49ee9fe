import { describe, expect, it } from "vitest";
import { db, transaction } from "../db";
import { recordAuditEvents } from "./record-audit-event";
import { systemActor, type AuditEventInput } from "./types";
import { summarizeTokenActivity } from "./summarize-token-activity";
import { HIGH_RISK_ACTIONS, isHighRiskEvent } from "./high-risk-actions";
import { actorFor, makeOrg, makeUser } from "../testing/factories";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { createServiceAccount } from "../service-accounts/create-service-account";
import { updateServiceAccount } from "../service-accounts/update-service-account";
import { deleteServiceAccount } from "../service-accounts/delete-service-account";

const DAY = 86_400_000;
// Mid-afternoon UTC: "today" is 2030-03-14, the first of the 14 days 2030-03-01.
const NOW = new Date("2030-03-14T15:00:00.000Z");
const utc = (iso: string) => new Date(iso);

function tokenEvent(orgId: string | null, action: "token.issued" | "token.denied", clientId: string | null, label: string, occurredAt: Date): AuditEventInput {
  const account = { type: "service_account" as const, id: clientId, label };
  return {
    orgId,
    occurredAt,
    action,
    outcome: action === "token.issued" ? "success" : "failure",
    actor: account,
    target: clientId ? account : null,
    metadata: action === "token.issued" ? { scopes: ["billing:read"] } : { error: "invalid_client" },
  };
}

const record = (events: AuditEventInput[]) => transaction((tx) => recordAuditEvents(tx, events));

describe("summarizeTokenActivity", () => {
  it("counts issued and denied tokens per UTC day: 14 zero-filled days, oldest first, this organisation only", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const other = await makeOrg();
    const id = created.clientId;
    await record([
      // Just outside the window: the last millisecond before 2030-03-01.
      tokenEvent(org.id, "token.issued", id, "billing-job", utc("2030-02-28T23:59:59.999Z")),
      // The first day's first millisecond.
      tokenEvent(org.id, "token.issued", id, "billing-job", utc("2030-03-01T00:00:00.000Z")),
      tokenEvent(org.id, "token.denied", id, "billing-job", utc("2030-03-01T23:59:59.999Z")),
      ...[1, 2, 3].map((h) => tokenEvent(org.id, "token.issued", id, "billing-job", utc(`2030-03-05T0${h}:00:00Z`))),
      ...[1, 2].map((h) => tokenEvent(org.id, "token.denied", id, "billing-job", utc(`2030-03-05T1${h}:00:00Z`))),
      // Today, before now.
      tokenEvent(org.id, "token.issued", id, "billing-job", utc("2030-03-14T00:00:00.000Z")),
      tokenEvent(org.id, "token.denied", null, "nobody", utc("2030-03-14T14:59:00Z")),
      // Another organisation, and an unknown client (no organisation at all).
      tokenEvent(other.id, "token.issued", "sa_elsewhere", "elsewhere", utc("2030-03-05T01:00:00Z")),
      tokenEvent(other.id, "token.denied", "sa_elsewhere", "elsewhere", utc("2030-03-05T01:00:00Z")),
      tokenEvent(null, "token.denied", "sa_unknown", "unknown", utc("2030-03-05T01:00:00Z")),
      // Not a token decision.
      { orgId: org.id, occurredAt: utc("2030-03-05T01:00:00Z"), action: "token.introspected", actor: { type: "service_account", id, label: "billing-job" } },
    ]);

    const { days } = await summarizeTokenActivity(actor, org.slug, NOW);
    expect(days).toHaveLength(14);
    expect(days.map((d) => d.day)).toEqual(Array.from({ length: 14 }, (_, i) => `2030-03-${String(i + 1).padStart(2, "0")}`));
    const nonZero = Object.fromEntries(days.filter((d) => d.issued || d.denied).map((d) => [d.day, [d.issued, d.denied]]));
    expect(nonZero).toEqual({
      "2030-03-01": [1, 1],
      "2030-03-05": [3, 2],
      "2030-03-14": [1, 1],
    });

    // The window moves with `now`: a day later, 2030-03-01 has left it.
    const later = await summarizeTokenActivity(actor, org.slug, new Date(NOW.getTime() + DAY));
    expect(later.days[0]!.day).toBe("2030-03-02");
    expect(later.days.at(-1)).toEqual({ day: "2030-03-15", issued: 0, denied: 0 });
    expect(later.days.reduce((n, d) => n + d.issued + d.denied, 0)).toBe(7);

    // An organisation without tokens gets 14 empty days.
    const empty = await summarizeTokenActivity(actor, (await makeOrgOwnedBy(actor.id)).slug, NOW);
    expect(empty.days).toHaveLength(14);
    expect(empty.days.every((d) => d.issued === 0 && d.denied === 0)).toBe(true);
    expect(empty.topAccounts).toEqual([]);
  });

  it("ranks the top five accounts by tokens issued in the last 7 UTC days, named as they are now", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const other = await makeOrg();
    const make = (name: string) => createServiceAccount(actor, org.slug, { name, audiences: ["https://api.example.com"] });
    const ids: string[] = [];
    for (const name of ["acc-a", "acc-b", "acc-c", "acc-d", "acc-e", "acc-gone"]) ids.push((await make(name)).clientId);
    const [a, b, c, d, e, gone] = ids as [string, string, string, string, string, string];
    const issue = (clientId: string, label: string, n: number, at = utc("2030-03-12T10:00:00Z")) =>
      Array.from({ length: n }, () => tokenEvent(org.id, "token.issued", clientId, label, at));
    await record([
      ...issue(a, "acc-a", 2),
      ...issue(b, "old-name-of-b", 7), // renamed since: shows its current name
      ...issue(c, "acc-c", 4),
      ...issue(d, "acc-d", 3),
      ...issue(e, "acc-e", 1),
      ...issue(gone, "acc-gone", 5),
      ...issue(created.clientId, "billing-job", 20, utc("2030-03-07T23:59:59.999Z")), // the day before the 7: outside
      ...issue(created.clientId, "billing-job", 6, utc("2030-03-08T00:00:00Z")), // the first of the 7 days: inside
      tokenEvent(org.id, "token.denied", e, "acc-e", utc("2030-03-12T10:00:00Z")), // denied: not a token
      tokenEvent(org.id, "token.denied", e, "acc-e", utc("2030-03-12T10:00:00Z")),
      ...Array.from({ length: 30 }, () => tokenEvent(other.id, "token.issued", "sa_elsewhere", "elsewhere", utc("2030-03-12T10:00:00Z"))),
    ]);
    await updateServiceAccount(actor, org.slug, b, { name: "acc-b" });
    await deleteServiceAccount(actor, org.slug, gone);

    const { topAccounts } = await summarizeTokenActivity(actor, org.slug, NOW);
    expect(topAccounts).toEqual([
      { clientId: b, name: "acc-b", exists: true, tokens: 7 },
      { clientId: created.clientId, name: "billing-job", exists: true, tokens: 6 },
      { clientId: gone, name: "acc-gone", exists: false, tokens: 5 },
      { clientId: c, name: "acc-c", exists: true, tokens: 4 },
      { clientId: d, name: "acc-d", exists: true, tokens: 3 },
    ]);
  });

  it("counts today afresh on every call, remembers days that are over, and counts again once the trail is pruned", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    const id = created.clientId;
    const issued = (iso: string) => tokenEvent(org.id, "token.issued", id, "billing-job", utc(iso));
    const byDay = async () => {
      const s = await summarizeTokenActivity(actor, org.slug, NOW);
      return { past: s.days.find((d) => d.day === "2030-03-10")!.issued, today: s.days.at(-1)!.issued, top: s.topAccounts[0]?.tokens ?? 0 };
    };
    await record([issued("2030-03-10T10:00:00Z"), issued("2030-03-14T10:00:00Z")]);
    expect(await byDay()).toEqual({ past: 1, today: 1, top: 2 });

    // Today's new token shows at once; a past day is not read again.
    await record([issued("2030-03-14T14:00:00Z"), issued("2030-03-10T11:00:00Z")]);
    expect(await byDay()).toEqual({ past: 1, today: 2, top: 3 });

    // Pruning removes events of past days and says so in the trail: past days are counted again.
    await db().auditEvent.deleteMany({ where: { orgId: org.id, occurredAt: { gte: utc("2030-03-10T00:00:00Z"), lt: utc("2030-03-11T00:00:00Z") } } });
    await record([{ orgId: org.id, occurredAt: NOW, action: "audit.events_pruned", actor: systemActor, metadata: { throughSeq: 0, count: 2 } }]);
    expect(await byDay()).toEqual({ past: 0, today: 2, top: 2 });
  });

  /** The metadata some actions cannot be recorded without (see the audit catalog). */
  const REQUIRED_METADATA: Partial<Record<(typeof HIGH_RISK_ACTIONS)[number], Record<string, unknown>>> = {
    "audit.events_pruned": { throughSeq: 0 },
    "signing_key.created": { kid: "k", alg: "ES256", use: "token" },
    "signing_key.rotated": { kid: "k", alg: "ES256", use: "token", retired: [] },
    "change_request.approved": { changeRequestId: "cr_x", kind: "grant_scopes", requestedEventId: "ev_x", requestedSeq: 1 },
    "change_request.applied": { changeRequestId: "cr_x", kind: "grant_scopes", approvedEventId: "ev_y" },
    "access_review.closed": { reviewId: "r" },
  };

  it("lists the newest ten high-risk changes, never token events or routine changes", async () => {
    const { org, actor } = await orgWithServiceAccount(); // its account holds a high-risk scope: a high-risk creation
    const other = await makeOrg();
    const user = { type: "user" as const, id: "u1", label: "admin@example.test" };
    const at = (minute: number) => new Date(NOW.getTime() - minute * 60_000);
    await record([
      // (a pruning event must say through which sequence number it pruned)
      ...HIGH_RISK_ACTIONS.map((action, i) => ({ orgId: org.id, occurredAt: at(100 + i), action, actor: user, metadata: REQUIRED_METADATA[action] })),
      // Newer than all of them, but not high-risk.
      ...(["token.issued", "token.denied", "token.revoked", "token.introspected", "scope.created", "service_account.updated", "member.invited", "user.signed_in"] as const).map(
        (action) => ({ orgId: org.id, occurredAt: at(1), action, actor: user }),
      ),
      { orgId: org.id, occurredAt: at(1), action: "service_account.created", actor: user, metadata: { highRiskScopes: [], after: { name: "x" } } },
      // A creation that grants a high-risk scope is newest of all.
      { orgId: org.id, occurredAt: at(0), action: "service_account.created", actor: user, target: { type: "service_account", id: "sa_new", label: "new" }, metadata: { highRiskScopes: ["billing:refund"] } },
      // Another organisation's high-risk change.
      { orgId: other.id, occurredAt: at(0), action: "member.removed", actor: user },
    ]);
    // A real creation without high-risk scopes is not listed either.
    await createServiceAccount(actor, org.slug, { name: "plain", audiences: ["https://api.example.com"] });

    const { highRiskChanges } = await summarizeTokenActivity(actor, org.slug, NOW);
    expect(highRiskChanges).toHaveLength(10);
    expect(highRiskChanges[0]).toMatchObject({ action: "service_account.created", targetId: "sa_new", occurredAt: at(0).toISOString() });
    expect(highRiskChanges.slice(1).map((e) => e.action)).toEqual(HIGH_RISK_ACTIONS.slice(0, 9));
    const times = highRiskChanges.map((e) => e.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("lists an update that grants a high-risk scope, not one that only narrows", async () => {
    const { org, actor, created } = await orgWithServiceAccount();
    await updateServiceAccount(actor, org.slug, created.clientId, { scopes: ["billing:read"] });
    expect((await summarizeTokenActivity(actor, org.slug)).highRiskChanges.map((e) => e.action)).toEqual(["service_account.created"]);
    await updateServiceAccount(actor, org.slug, created.clientId, { scopes: ["billing:read", "billing:refund"] });
    const { highRiskChanges } = await summarizeTokenActivity(actor, org.slug);
    expect(highRiskChanges.map((e) => e.action)).toEqual(["service_account.updated", "service_account.created"]);
  });

  it("classifies created and updated accounts by the high-risk scopes they newly granted", () => {
    expect(isHighRiskEvent({ action: "service_account.secret_rotated", metadata: null })).toBe(true);
    expect(isHighRiskEvent({ action: "token.issued", metadata: null })).toBe(false);
    expect(isHighRiskEvent({ action: "service_account.created", metadata: '{"highRiskScopes":["a:b"]}' })).toBe(true);
    expect(isHighRiskEvent({ action: "service_account.created", metadata: '{"highRiskScopes":[]}' })).toBe(false);
    expect(isHighRiskEvent({ action: "service_account.created", metadata: null })).toBe(false);
    expect(isHighRiskEvent({ action: "service_account.updated", metadata: '{"after":{"scopes":["a:b"]},"highRiskScopes":["a:b"]}' })).toBe(true);
    expect(isHighRiskEvent({ action: "service_account.updated", metadata: '{"after":{"name":"y"},"highRiskScopes":[]}' })).toBe(false);
    expect(isHighRiskEvent({ action: "service_account.updated", metadata: '{"after":{"name":"y"}}' })).toBe(false);
  });

  it("a REVIEWER can read it; a non-member gets 404", async () => {
    const { org, reviewerActor, created } = await orgWithServiceAccount();
    await record([tokenEvent(org.id, "token.issued", created.clientId, "billing-job", utc("2030-03-14T09:00:00Z"))]);
    const summary = await summarizeTokenActivity(reviewerActor, org.slug, NOW);
    expect(summary.days.at(-1)).toEqual({ day: "2030-03-14", issued: 1, denied: 0 });
    expect(summary.topAccounts).toEqual([{ clientId: created.clientId, name: "billing-job", exists: true, tokens: 1 }]);
    expect(summary.highRiskChanges.map((e) => e.action)).toEqual(["service_account.created"]);

    const stranger = actorFor(await makeUser());
    await expect(summarizeTokenActivity(stranger, org.slug, NOW)).rejects.toMatchObject({ code: "not_found" });
    await expect(summarizeTokenActivity(stranger, "no-such-org", NOW)).rejects.toMatchObject({ code: "not_found" });
  });
});

async function makeOrgOwnedBy(userId: string) {
  return makeOrg([{ userId, role: "OWNER" }]);
}
