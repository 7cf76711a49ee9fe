import Database from "better-sqlite3";
import { OWNER } from "./accounts";
import { api, API_AUDIENCE, cli, tokenFor, type Account } from "./api-client";
import { callAction, formData } from "./server-actions";

// Two organisations for the isolation matrix. A is the attacker's: the e2e
// owner's session and an automation account's token and API key, holding
// every tessera:* scope. B is the victim's, filled through every entry point
// (CLI, management API, console Server Actions) with data whose names and
// values are unique, so a reply that carries any of it is caught.

const TESSERA_SCOPES = "tessera:service-accounts:write tessera:scopes:write tessera:audit:read tessera:introspect";
/** A's machine may also decide change requests, so the matrix's approvals and rejections reach the request lookup. */
const ATTACKER_SCOPES = `${TESSERA_SCOPES} tessera:change-requests:approve`;

export interface World {
  a: {
    slug: string;
    orgId: string;
    clientId: string;
    /** The e2e owner's session cookie (`name=value`), an OWNER of A and of no B. */
    cookie: string;
    token: string;
    apiKey: string;
    account: Account;
    /** A's own open access review, to name B's review item in. */
    openReviewId: string;
  };
  b: {
    slug: string;
    orgId: string;
    name: string;
    clientId: string;
    secretIds: string[];
    keyId: string;
    scope: string;
    audience: string;
    memberEmail: string;
    membershipId: string;
    invitationId: string;
    /** B's open access review (one of B's grants: `itemId`), and a closed one (exportable). */
    openReviewId: string;
    itemId: string;
    closedReviewId: string;
    /** B's webhook endpoint, disabled so that B's worker never sends to it; the matrix must not enable it. */
    webhookId: string;
    webhookUrl: string;
    /**
     * B requires approval of high-risk grants, and B's member asked for one
     * (`highRiskScope` on B's account): this change request waits, pending.
     */
    changeRequestId: string;
    highRiskScope: string;
    /** A cursor of B's own account list and of B's audit list, as B's API client received them. */
    accountsCursor: string;
    auditCursor: string;
    token: string;
    admin: Account;
    cookie: string;
  };
  /** B's values that no reply to A or to nobody may carry, whatever was asked. */
  bData: string[];
  /** B's ids: a reply may echo one the request itself sent, never another. */
  bIds: string[];
}

const db = () => new Database(process.env.E2E_DATABASE_URL!.replace(/^file:/, ""), { readonly: true, timeout: 10_000 });

const cookieFrom = (headers: Headers) =>
  headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith("tessera.session=")) ?? "";

/** A new console session (`name=value`), through the sign-in page's own Server Action. */
export async function signInCookie(email: string, password: string): Promise<string> {
  const answer = await callAction("app/(auth)/actions.ts#signInWithPasswordAction", [{}, formData({ email, password })], { params: {} });
  const cookie = cookieFrom(answer.headers);
  if (!cookie) throw new Error(`sign-in as ${email} gave no session: ${answer.httpStatus}`);
  return cookie;
}

export async function buildWorld(): Promise<World> {
  const tag = Math.random().toString(36).slice(2, 8);
  const aSlug = `iso-a-${tag}`;
  const bSlug = `iso-b-${tag}`;
  const bName = `Victim Org ${tag}`;
  const memberEmail = `victim-member-${tag}@e2e.example.test`;
  const bScope = `victim${tag}:read`;
  const audience = `https://victim-${tag}.example.com`;

  // A's name sorts after "Default organisation": the owner's front door is their first organisation by
  // name, and other files expect it to stay the default one.
  await Promise.all([
    cli(["orgs", "create", "--slug", aSlug, "--name", `Isolation attacker ${tag}`, "--owner-email", OWNER.email]),
    cli(["orgs", "create", "--slug", bSlug, "--name", bName]),
  ]);
  const [aAccount, bAdmin, invited] = (await Promise.all([
    cli(["service-accounts", "create", "--org", aSlug, "--name", `attacker-${tag}`, "--scope", ATTACKER_SCOPES, "--audience", API_AUDIENCE]),
    cli(["service-accounts", "create", "--org", bSlug, "--name", `victim-admin-${tag}`, "--scope", TESSERA_SCOPES, "--audience", API_AUDIENCE, "--description", `victim admin description ${tag}`]),
    cli(["members", "add", "--org", bSlug, "--email", memberEmail, "--role", "ADMIN"]),
  ])) as [Account, Account, { invitationUrl: string }];
  // A's owner signs in afresh (the console's own sign-in action), so the matrix has a session of its own.
  const aCookie = await signInCookie(OWNER.email, OWNER.password);
  const [aKey, aToken, bToken] = await Promise.all([
    cli(["api-keys", "create", aAccount.clientId, "--name", "attacker-key"]) as Promise<{ apiKey: string }>,
    tokenFor(aAccount),
    tokenFor(bAdmin),
  ]);

  // B's catalog, accounts and credentials through B's own API client.
  const ok = <T>(r: { status: number; body: T; text: string }, what: string) => {
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
    return r.body;
  };
  ok(await api(bToken, "POST", "/scopes", { body: { name: bScope, description: `victim scope description ${tag}` } }), "B scope");
  const victim = ok(
    await api<{ clientId: string; clientSecret: string; secretId: string }>(bToken, "POST", "/service-accounts", {
      body: { name: `victim-bot-${tag}`, description: `victim bot description ${tag}`, scopes: [bScope], audiences: [audience] },
    }),
    "B account",
  );
  const rotated = ok(await api<{ secretId: string; clientSecret: string }>(bToken, "POST", `/service-accounts/${victim.clientId}/secrets`, { body: { graceSeconds: 3600 } }), "B rotation");
  const key = ok(await api<{ id: string; apiKey: string }>(bToken, "POST", `/service-accounts/${victim.clientId}/api-keys`, { body: { name: `victim-key-${tag}` } }), "B key");
  const accountsPage = ok(await api<{ nextCursor: string | null }>(bToken, "GET", "/service-accounts?limit=1"), "B list");
  const auditPage = ok(await api<{ nextCursor: string | null }>(bToken, "GET", "/audit-events?limit=1"), "B audit list");
  const webhookUrl = `https://victim-hooks-${tag}.example.com/in`;
  const webhook = ok(await api<{ id: string; secret: string }>(bToken, "POST", "/webhooks", { body: { url: webhookUrl, description: `victim webhook description ${tag}` } }), "B webhook");
  ok(await api(bToken, "PATCH", `/webhooks/${webhook.id}`, { body: { enabled: false } }), "B webhook disabled");

  // B's member signs up through the invitation, as the console's own form does (a Server Action).
  const token = new URL(invited.invitationUrl).pathname.split("/").pop()!;
  const signUp = await callAction(
    "app/invite/[token]/actions.ts#signUpWithInvitationAction",
    [token, {}, formData({ name: `Victim Member ${tag}`, email: memberEmail, password: `victim password ${tag}` })],
    { params: { token } },
  );
  const bCookie = cookieFrom(signUp.headers);
  if (!bCookie) throw new Error(`B's member did not get a session: ${signUp.httpStatus} ${signUp.text.slice(0, 300)}`);
  await cli(["members", "add", "--org", bSlug, "--email", `victim-pending-${tag}@e2e.example.test`, "--role", "REVIEWER"]);

  // B's member answers for B's account, so B's reviews name them; one review closed (exportable), one open.
  ok(await api(bToken, "PATCH", `/service-accounts/${victim.clientId}`, { body: { ownerEmail: memberEmail } }), "B owner");
  const closedReview = ok(await api<{ id: string }>(bToken, "POST", "/access-reviews"), "B review");
  ok(await api(bToken, "POST", `/access-reviews/${closedReview.id}/close`), "B review closed");
  const openReview = ok(await api<{ id: string }>(bToken, "POST", "/access-reviews"), "B open review");
  const review = ok(await api<{ accounts: { clientId: string; grants: { itemId: string; scope: string }[] }[] }>(bToken, "GET", `/access-reviews/${openReview.id}`), "B review read");
  const item = review.accounts.find((a) => a.clientId === victim.clientId)?.grants.find((g) => g.scope === bScope);
  if (!item) throw new Error("B's open review has no item for B's scope");
  const aReview = ok(await api<{ id: string }>(aToken, "POST", "/access-reviews"), "A review");

  // B holds high-risk grants back for approval (last: nothing above waits), and B's member asks, through
  // the console's own action, for a high-risk scope on B's account: a pending change request of B's.
  const highRiskScope = `victim${tag}:admin`;
  ok(await api(bToken, "POST", "/scopes", { body: { name: highRiskScope, description: `victim high-risk scope description ${tag}`, highRisk: true } }), "B high-risk scope");
  await cli(["orgs", "settings", "--org", bSlug, "--require-approval", "on"]);
  const asked = await callAction(
    "app/(console)/[org]/service-accounts/[clientId]/actions.ts#updateServiceAccountAction",
    [bSlug, victim.clientId, { scopes: [bScope, highRiskScope] }],
    { cookie: bCookie, params: { org: bSlug, clientId: victim.clientId } },
  );
  const changeRequestId = (asked.result?.data as { changeRequest?: { id: string; status: string } } | undefined)?.changeRequest?.id;
  if (!changeRequestId) throw new Error(`B's member's high-risk grant did not wait for approval: ${asked.httpStatus} ${asked.text.slice(0, 300)}`);

  const conn = db();
  const orgId = (slug: string) => (conn.prepare(`SELECT id FROM "Organization" WHERE slug = ?`).get(slug) as { id: string }).id;
  const bOrgId = orgId(bSlug);
  const membershipId = (conn.prepare(`SELECT m.id FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."orgId" = ? AND u.email = ?`).get(bOrgId, memberEmail) as { id: string }).id;
  const invitationId = (conn.prepare(`SELECT id FROM "Invitation" WHERE "orgId" = ? AND "acceptedAt" IS NULL`).get(bOrgId) as { id: string }).id;
  const world: World = {
    a: { slug: aSlug, orgId: orgId(aSlug), clientId: aAccount.clientId, cookie: aCookie, token: aToken, apiKey: aKey.apiKey, account: aAccount, openReviewId: aReview.id },
    b: {
      slug: bSlug,
      orgId: bOrgId,
      name: bName,
      clientId: victim.clientId,
      secretIds: [victim.secretId, rotated.secretId],
      keyId: key.id,
      scope: bScope,
      audience,
      memberEmail,
      membershipId,
      invitationId,
      openReviewId: openReview.id,
      itemId: item.itemId,
      closedReviewId: closedReview.id,
      webhookId: webhook.id,
      webhookUrl,
      changeRequestId,
      highRiskScope,
      accountsCursor: accountsPage.nextCursor!,
      auditCursor: auditPage.nextCursor!,
      token: bToken,
      admin: bAdmin,
      cookie: bCookie,
    },
    bData: [
      bName,
      `victim-bot-${tag}`,
      `victim bot description ${tag}`,
      `victim-admin-${tag}`,
      `victim admin description ${tag}`,
      `victim scope description ${tag}`,
      `victim-key-${tag}`,
      memberEmail,
      `Victim Member ${tag}`,
      `victim-pending-${tag}@e2e.example.test`,
      victim.clientSecret,
      rotated.clientSecret,
      bAdmin.clientSecret,
      key.apiKey,
      bToken,
      bCookie.split("=")[1]!,
      `victim-hooks-${tag}.example.com`,
      `victim webhook description ${tag}`,
      webhook.secret,
      `victim high-risk scope description ${tag}`,
    ],
    bIds: [bSlug, bOrgId, victim.clientId, bAdmin.clientId, victim.secretId, rotated.secretId, key.id, membershipId, invitationId, bScope, audience, openReview.id, item.itemId, closedReview.id, webhook.id, changeRequestId, highRiskScope],
  };
  conn.close();
  if (!world.b.accountsCursor || !world.b.auditCursor) throw new Error("B's lists did not page");
  return world;
}
