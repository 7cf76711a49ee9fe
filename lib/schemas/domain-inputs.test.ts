import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import type { Actor } from "../audit/types";
import { cliActor } from "../audit/types";
import { makeUser } from "../testing/factories";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { removeMember } from "../members/remove-member";
import { revokeInvitation } from "../members/revoke-invitation";
import { changeMemberRole } from "../members/change-member-role";
import { acceptInvitation } from "../members/accept-invitation";
import { describeInvitation } from "../members/describe-invitation";
import { signUpWithInvitation } from "../members/sign-up-with-invitation";
import { createInvitation } from "../members/create-invitation";
import { addMember } from "../members/add-member";
import { createScope } from "../scopes/create-scope";
import { updateScope } from "../scopes/update-scope";
import { deleteScope } from "../scopes/delete-scope";
import { createServiceAccount } from "../service-accounts/create-service-account";
import { getServiceAccount } from "../service-accounts/get-service-account";
import { updateServiceAccount } from "../service-accounts/update-service-account";
import { deleteServiceAccount } from "../service-accounts/delete-service-account";
import { activateServiceAccount, deactivateServiceAccount } from "../service-accounts/set-service-account-status";
import { rotateClientSecret } from "../service-accounts/rotate-client-secret";
import { revokeClientSecret } from "../service-accounts/revoke-client-secret";
import { orgSlugOfClientId } from "../service-accounts/lookup";
import { listServiceAccounts } from "../service-accounts/list-service-accounts";
import { createApiKey } from "../api-keys/create-api-key";
import { revokeApiKey } from "../api-keys/revoke-api-key";
import { getAuditEvent } from "../audit/get-audit-event";
import { listRecentAuditEvents } from "../audit/list-recent-events";
import { listAuditEvents } from "../audit/list-audit-events";
import { exportAuditEvents } from "../audit/export-audit-events";
import { setAuditRetention } from "../audit/set-audit-retention";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { startAuditVerification } from "../audit/start-audit-verification";
import { getAuditVerification } from "../audit/get-audit-verification";

/**
 * Every domain entry point that takes an id or input from an adapter refuses
 * anything but the shape its schema allows, before it reaches Prisma: an
 * object such as { not: "" } would otherwise be read as a filter and match
 * (then change) some other row. Each call must fail with validation_failed and
 * leave both organisations exactly as they were.
 */
const HOSTILE: unknown[] = [{ not: "" }, { contains: "" }, ["x"], 42, null, true];

interface World {
  org: { id: string; slug: string };
  owner: Actor;
  clientId: string;
  secretId: string;
  keyId: string;
  neighbour: { id: string };
}
let w: World;

beforeAll(async () => {
  const { org, actor, created } = await orgWithServiceAccount();
  const admin = await makeUser({ password: null });
  await db().membership.create({ data: { orgId: org.id, userId: admin.id, role: "ADMIN" } });
  await createInvitation(actor, org.slug, { role: "ADMIN" });
  const key = await createApiKey(actor, org.slug, created.clientId, { name: "ci" });
  // Another organisation with members, an invitation and an account of its own.
  const other = await orgWithServiceAccount();
  await createInvitation(other.actor, other.org.slug, { role: "REVIEWER" });
  w = { org, owner: actor, clientId: created.clientId, secretId: created.secretId, keyId: key.id, neighbour: other.org };
});

/** Everything an entry point could change in either organisation. */
async function snapshot() {
  const orgIds = [w.org.id, w.neighbour.id];
  const inOrgs = { orgId: { in: orgIds } };
  const [orgs, memberships, invitations, scopes, accounts, secrets, apiKeys, events] = await Promise.all([
    db().organization.findMany({ where: { id: { in: orgIds } }, orderBy: { id: "asc" } }),
    db().membership.findMany({ where: inOrgs, orderBy: { id: "asc" }, select: { id: true, role: true } }),
    db().invitation.findMany({ where: inOrgs, orderBy: { id: "asc" }, select: { id: true, revokedAt: true, acceptedAt: true } }),
    db().scope.findMany({ where: inOrgs, orderBy: { id: "asc" } }),
    db().serviceAccount.findMany({ where: inOrgs, orderBy: { id: "asc" } }),
    db().clientSecret.findMany({ where: { serviceAccount: inOrgs }, orderBy: { id: "asc" }, select: { id: true, revokedAt: true, expiresAt: true } }),
    db().apiKey.findMany({ where: inOrgs, orderBy: { id: "asc" }, select: { id: true, revokedAt: true } }),
    db().auditEvent.count({ where: inOrgs }),
  ]);
  return JSON.stringify({ orgs, memberships, invitations, scopes, accounts, secrets, apiKeys, events });
}

const outsider = () => ({ type: "user" as const, id: "no-such-user", label: "outsider@example.test" });

type Call = (v: never) => Promise<unknown>;
/** [name, call, values that are valid there (a number where a number is asked for)] */
const entryPoints: [string, Call, unknown[]?][] = [
  // members
  ["removeMember", (v) => removeMember(w.owner, w.org.slug, v)],
  ["revokeInvitation", (v) => revokeInvitation(w.owner, w.org.slug, v)],
  ["changeMemberRole", (v) => changeMemberRole(w.owner, w.org.slug, { membershipId: v, role: "REVIEWER" })],
  ["acceptInvitation", (v) => acceptInvitation(outsider(), "outsider@example.test", v)],
  ["signUpWithInvitation", (v) => signUpWithInvitation(v, { email: "new@example.test", password: "long enough password" })],
  ["createInvitation (role)", (v) => createInvitation(w.owner, w.org.slug, { role: v })],
  ["addMember (email)", (v) => addMember(w.owner, w.org.slug, { email: v, role: "ADMIN" })],
  // scopes
  ["createScope (name)", (v) => createScope(w.owner, w.org.slug, { name: v })],
  ["updateScope (scope name)", (v) => updateScope(w.owner, w.org.slug, v, { description: "changed" })],
  ["updateScope (input)", (v) => updateScope(w.owner, w.org.slug, "billing:read", { description: v })],
  ["deleteScope", (v) => deleteScope(w.owner, w.org.slug, v)],
  // service accounts
  ["createServiceAccount (name)", (v) => createServiceAccount(w.owner, w.org.slug, { name: v, audiences: ["https://a.example.com"] })],
  ["listServiceAccounts (query)", (v) => listServiceAccounts(w.owner, w.org.slug, { q: v })],
  ["getServiceAccount", (v) => getServiceAccount(w.owner, w.org.slug, v)],
  ["updateServiceAccount", (v) => updateServiceAccount(w.owner, w.org.slug, v, { description: "changed" })],
  ["deleteServiceAccount", (v) => deleteServiceAccount(w.owner, w.org.slug, v)],
  ["deactivateServiceAccount", (v) => deactivateServiceAccount(w.owner, w.org.slug, v)],
  ["activateServiceAccount", (v) => activateServiceAccount(w.owner, w.org.slug, v)],
  ["rotateClientSecret", (v) => rotateClientSecret(w.owner, w.org.slug, v, { graceSeconds: 0 })],
  ["revokeClientSecret (client id)", (v) => revokeClientSecret(w.owner, w.org.slug, v, w.secretId)],
  ["revokeClientSecret (secret id)", (v) => revokeClientSecret(w.owner, w.org.slug, w.clientId, v)],
  ["orgSlugOfClientId", (v) => orgSlugOfClientId(v)],
  // API keys
  ["createApiKey (client id)", (v) => createApiKey(w.owner, w.org.slug, v, { name: "k" })],
  ["createApiKey (input)", (v) => createApiKey(w.owner, w.org.slug, w.clientId, { name: v })],
  ["revokeApiKey", (v) => revokeApiKey(w.owner, w.org.slug, v)],
  ["revokeApiKey (CLI, by key id alone)", (v) => revokeApiKey(cliActor(), null, v)],
  // audit
  ["getAuditEvent", (v) => getAuditEvent(w.owner, w.org.slug, v)],
  ["listRecentAuditEvents", (v) => listRecentAuditEvents(w.owner, w.org.slug, v), [42]],
  ["listAuditEvents (filters)", (v) => listAuditEvents(w.owner, w.org.slug, { actor: v })],
  ["exportAuditEvents (filters)", (v) => exportAuditEvents(w.owner, w.org.slug, { target: v })],
  ["setAuditRetention", (v) => setAuditRetention(w.owner, w.org.slug, { days: v }), [42, null]],
  ["verifyAuditChain (from)", (v) => verifyAuditChain(w.owner, w.org.slug, { from: v })],
  ["verifyAuditChain (anchor)", (v) => verifyAuditChain(w.owner, w.org.slug, { anchor: v })],
  ["startAuditVerification", (v) => startAuditVerification(w.owner, w.org.slug, { from: v })],
  ["getAuditVerification", (v) => getAuditVerification(w.owner, w.org.slug, v)],
];

describe("domain entry points refuse ids and input that are not what their schema allows", () => {
  it.each(entryPoints)("%s", async (_name, call, valid = []) => {
    for (const value of HOSTILE.filter((v) => !valid.includes(v))) {
      const before = await snapshot();
      const error = await call(value as never).then(
        (result) => ({ resolved: result }),
        (e: unknown) => e,
      );
      expect(error, `${JSON.stringify(value)}`).toMatchObject({ name: "AppError", code: "validation_failed" });
      expect(await snapshot(), `${JSON.stringify(value)} changed something`).toBe(before);
    }
  });

  it("describeInvitation answers 'no such invitation' for anything but a string", async () => {
    for (const value of HOSTILE) expect(await describeInvitation(value as never)).toBeNull();
  });
});
