import { BASE } from "./api-client";
import { formData } from "./server-actions";
import {
  action,
  apiCase,
  basic,
  formBody,
  OWN_VIEW,
  page,
  PUBLIC,
  request,
  type Case,
  type Outcome,
} from "./isolation-probes";
import { changeRequestActions, changeRequestOperations, reviewActions, reviewOperations, webhookActions, webhookOperations } from "./isolation-cases-governance";

// The isolation matrix: one entry per page, route handler, Server Action and
// management API operation that e2e/support/surface.ts finds in the code.
// A key the code has and this table lacks fails e2e/isolation.spec.ts by
// name, and so does a key this table has and the code lost.
//
// Adding an endpoint: add one entry under its key (the failure message
// prints it), trying B's ids in every place the endpoint takes one: the
// path, the body, the query, filters, cursors. The default expectation is
// "A is refused with 403/404, nobody gets 401"; say so when it is anything
// else, and why. See ARCHITECTURE.md, "How to add an endpoint".

const ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const NOT_ALLOWED: Outcome = { statuses: [405], why: "the OAuth endpoints answer every other method with RFC 6749's JSON 405" };
const sameOrigin = { Origin: BASE, "Content-Type": "application/x-www-form-urlencoded" };

/** Pages inside an organisation: B's slug, and A's slug with B's ids. */
const orgPage = (rest = ""): Case => page(`B's organisation in the path`, (w) => `/${w.b.slug}${rest}`);

const serviceAccountActions = "app/(console)/[org]/service-accounts/[clientId]/actions.ts";
/** An account action tried on B's account under B's slug, and under A's own slug. */
const onBsAccount = (name: string, extra: (w: import("./isolation-world").World) => unknown[] = () => []) =>
  action(`${serviceAccountActions}#${name}`, [
    { what: "B's slug and client id", args: (w) => [w.b.slug, w.b.clientId, ...extra(w)] },
    { what: "A's slug with B's client id", args: (w) => [w.a.slug, w.b.clientId, ...extra(w)] },
  ]);

const tokenForm = (w: import("./isolation-world").World) => formBody({ grant_type: "client_credentials", client_id: w.b.clientId, client_secret: w.a.account.clientSecret });

export const ISOLATION_CASES: Record<string, Case> = {
  // ---- pages ----
  "page /": page("the console's front door with A's session", () => "/", { signedIn: { statuses: [200, 307, 308], why: "sends A to A's own organisation" }, anonymous: { statuses: [401] } }),
  "page /sign-in": page("the sign-in page asked to return to B's account", (w) => `/sign-in?callbackUrl=${encodeURIComponent(`/${w.b.slug}/service-accounts/${w.b.clientId}`)}`, {
    signedIn: PUBLIC("public by design"),
    anonymous: PUBLIC("public by design"),
  }),
  "page /orgs/new": page("the new-organisation page", () => "/orgs/new", { signedIn: { statuses: [200], why: "A's own form; names no organisation" } }),
  "page /invite/[token]": page("B's invitation id used as a link token", (w) => `/invite/${w.b.invitationId}`, {
    signedIn: PUBLIC("the token is the authorisation; an id is not a token"),
    anonymous: PUBLIC("the token is the authorisation; an id is not a token"),
  }),
  "page /setup/[token]": page("B's invitation id used as a setup token", (w) => `/setup/${w.b.invitationId}`, {
    signedIn: PUBLIC("the one-time setup token is the authorisation"),
    anonymous: PUBLIC("the one-time setup token is the authorisation"),
  }),
  "page /[org]": orgPage(),
  "page /[org]/api": orgPage("/api"),
  "page /[org]/audit": (w) => [
    ...orgPage("/audit")(w),
    ...page("A's audit page filtered by B's client id", (x) => `/${x.a.slug}/audit?clientId=${x.b.clientId}&target=${x.b.clientId}`, { signedIn: OWN_VIEW() })(w),
    ...page("A's audit page with B's cursor", (x) => `/${x.a.slug}/audit?cursor=${encodeURIComponent(x.b.auditCursor)}`, { signedIn: OWN_VIEW() })(w),
  ],
  "page /[org]/insights": orgPage("/insights"),
  "page /[org]/scopes": orgPage("/scopes"),
  "page /[org]/service-accounts": (w) => [
    ...orgPage("/service-accounts")(w),
    ...page("A's list filtered by B's scope, audience and name", (x) => `/${x.a.slug}/service-accounts?scope=${encodeURIComponent(x.b.scope)}&audience=${encodeURIComponent(x.b.audience)}`, { signedIn: OWN_VIEW() })(w),
    ...page("A's list searching B's client id", (x) => `/${x.a.slug}/service-accounts?q=${x.b.clientId}`, { signedIn: OWN_VIEW() })(w),
  ],
  "page /[org]/service-accounts/[clientId]": (w) => [
    ...page("B's slug and client id", (x) => `/${x.b.slug}/service-accounts/${x.b.clientId}`)(w),
    ...page("A's slug with B's client id", (x) => `/${x.a.slug}/service-accounts/${x.b.clientId}`)(w),
  ],
  "page /[org]/service-accounts/new": orgPage("/service-accounts/new"),
  "page /[org]/settings/audit": orgPage("/settings/audit"),
  "page /[org]/settings/members": orgPage("/settings/members"),
  "page /[org]/settings/webhooks": orgPage("/settings/webhooks"),
  "page /[org]/reviews": orgPage("/reviews"),
  "page /[org]/requests": (w) => [
    ...orgPage("/requests")(w),
    ...page("A's requests of every status (B's must not be among them)", (x) => `/${x.a.slug}/requests?status=all`, { signedIn: OWN_VIEW() })(w),
  ],
  "page /[org]/requests/[id]": (w) => [
    ...page("B's slug and pending request", (x) => `/${x.b.slug}/requests/${x.b.changeRequestId}`)(w),
    ...page("A's slug with B's pending request", (x) => `/${x.a.slug}/requests/${x.b.changeRequestId}`)(w),
  ],
  "page /[org]/settings/governance": orgPage("/settings/governance"),
  "page /[org]/reviews/[id]": (w) => [
    ...page("B's slug and open review", (x) => `/${x.b.slug}/reviews/${x.b.openReviewId}`)(w),
    ...page("A's slug with B's open review", (x) => `/${x.a.slug}/reviews/${x.b.openReviewId}`)(w),
    ...page("A's slug with B's closed review", (x) => `/${x.a.slug}/reviews/${x.b.closedReviewId}`)(w),
  ],

  // ---- route handlers ----
  "route POST /[org]/audit/export": (w) => [
    ...request("B's audit trail exported", (x, c) => ({
      path: `/${x.b.slug}/audit/export`,
      init: { method: "POST", headers: { ...sameOrigin, ...(c.kind === "session" ? { Cookie: c.cookie } : {}) }, body: formBody({ format: "jsonl" }) },
    }))(w),
    ...request("A's export filtered by B's client id", (x, c) => ({
      path: `/${x.a.slug}/audit/export`,
      init: { method: "POST", headers: { ...sameOrigin, ...(c.kind === "session" ? { Cookie: c.cookie } : {}) }, body: formBody({ format: "jsonl", clientId: x.b.clientId, target: x.b.clientId }) },
    }), { signedIn: OWN_VIEW("A's own trail, filtered by B's client id: nothing of B") })(w),
  ],
  "route POST /[org]/reviews/[id]/export": (w) => [
    ...request("B's closed review exported under B's slug", (x, c) => ({
      path: `/${x.b.slug}/reviews/${x.b.closedReviewId}/export`,
      init: { method: "POST", headers: { ...sameOrigin, ...(c.kind === "session" ? { Cookie: c.cookie } : {}) }, body: "" },
    }))(w),
    ...request("B's closed review exported under A's slug", (x, c) => ({
      path: `/${x.a.slug}/reviews/${x.b.closedReviewId}/export`,
      init: { method: "POST", headers: { ...sameOrigin, ...(c.kind === "session" ? { Cookie: c.cookie } : {}) }, body: "" },
    }))(w),
  ],
  "route GET /.well-known/jwks.json": request("the public keys", () => ({ path: "/.well-known/jwks.json", init: {} }), { signedIn: PUBLIC("public keys"), anonymous: PUBLIC("public keys") }),
  "route GET /.well-known/oauth-authorization-server": request("the metadata", () => ({ path: "/.well-known/oauth-authorization-server", init: {} }), {
    signedIn: PUBLIC("RFC 8414 metadata"),
    anonymous: PUBLIC("RFC 8414 metadata"),
  }),
  "route GET /api/health": request("readiness", () => ({ path: "/api/health", init: {} }), { signedIn: PUBLIC("says up or down only"), anonymous: PUBLIC("says up or down only") }),
  "route GET /api/health/live": request("liveness", () => ({ path: "/api/health/live", init: {} }), { signedIn: PUBLIC("says ok only"), anonymous: PUBLIC("says ok only") }),
  "route GET /api/v1/openapi.json": request("the API description", () => ({ path: "/api/v1/openapi.json", init: {} }), { signedIn: PUBLIC("public description"), anonymous: PUBLIC("public description") }),
  "route GET /metrics": request("metrics", () => ({ path: "/metrics", init: {} }), { signedIn: PUBLIC("off unless TESSERA_METRICS=1, then behind its own token"), anonymous: PUBLIC("off by default") }),
  "route GET /api/auth/[...nextauth]": request("Auth.js's session endpoint with A's cookie", (_w, c) => ({ path: "/api/auth/session", init: { headers: c.kind === "session" ? { Cookie: c.cookie } : ({} as Record<string, string>) } }), {
    signedIn: PUBLIC("A's own session only"),
    anonymous: PUBLIC("no session"),
  }),
  "route POST /api/auth/[...nextauth]": request("a password sign-in as B's member with a wrong password", (x, c) => ({
    path: "/api/auth/callback/credentials",
    init: { method: "POST", headers: { ...sameOrigin, ...(c.kind === "session" ? { Cookie: c.cookie } : {}) }, body: formBody({ email: x.b.memberEmail, password: "not the password" }) },
  }), { signedIn: PUBLIC("Auth.js refuses without its CSRF token; never a session of B"), anonymous: PUBLIC("refused; never a session of B") }),
  [`route ${ALL_METHODS.join("|")} /api/v1/[...unknown]`]: apiCase([
    { what: "a made-up path naming B's organisation", method: "GET", path: (w) => `/orgs/${w.b.slug}/service-accounts`, signedIn: { statuses: [404] }, anonymous: { statuses: [404], why: "not an endpoint at all" } },
  ]),
  "route POST /oauth/token": request("B's client id with A's secret", (w, c) => ({
    path: "/oauth/token",
    init: { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: c.kind === "anonymous" ? formBody({ grant_type: "client_credentials", client_id: w.b.clientId }) : tokenForm(w) },
  }), { via: "oauth", signedIn: { statuses: [401], why: "invalid_client" }, anonymous: { statuses: [401] } }),
  "route POST /oauth/introspect": request("A's introspector asks about B's token", (w, c) => ({
    path: "/oauth/introspect",
    init: { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...(c.kind === "anonymous" ? {} : { Authorization: basic(w.a.account.clientId, w.a.account.clientSecret) }) }, body: formBody({ token: w.b.token }) },
  }), {
    via: "oauth",
    signedIn: { check: (r) => (r.status === 200 && JSON.parse(r.text.slice(r.text.indexOf("\n") + 1)).active === false ? null : `answered ${r.status} ${r.text}`), why: "RFC 7662: another organisation's token is {\"active\":false}" },
    anonymous: { statuses: [401] },
  }),
  "route POST /oauth/revoke": request("A's client revokes B's token", (w, c) => ({
    path: "/oauth/revoke",
    init: { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...(c.kind === "anonymous" ? {} : { Authorization: basic(w.a.account.clientId, w.a.account.clientSecret) }) }, body: formBody({ token: w.b.token }) },
  }), {
    via: "oauth",
    signedIn: {
      async check(r, w) {
        if (r.status !== 200) return `answered ${r.status}`;
        const still = await fetch(`${BASE}/api/v1/scopes`, { headers: { Authorization: `Bearer ${w.b.token}` } });
        return still.status === 200 ? null : "B's token stopped working: A revoked it";
      },
      why: "RFC 7009 answers 200 for a token the client does not own, and revokes nothing",
    },
    anonymous: { statuses: [401] },
  }),
  [`route ${ALL_METHODS.filter((m) => m !== "POST").join("|")} /oauth/token|/oauth/introspect|/oauth/revoke`]: (w) =>
    ["/oauth/token", "/oauth/introspect", "/oauth/revoke"].flatMap((path) =>
      ["GET", "PUT", "PATCH", "DELETE"].flatMap((method) =>
        request(`${method} with B's client id`, () => ({ path: `${path}?client_id=${w.b.clientId}`, init: { method, headers: { Authorization: basic(w.a.account.clientId, w.a.account.clientSecret) } } }), {
          via: "oauth",
          signedIn: NOT_ALLOWED,
          anonymous: NOT_ALLOWED,
        })(w),
      ),
    ),

  // ---- Server Actions ----
  "action app/(auth)/actions.ts#signInWithPasswordAction": action("app/(auth)/actions.ts#signInWithPasswordAction", [
    { what: "B's member's email, a wrong password", args: (w) => [{}, formData({ email: w.b.memberEmail, password: "not the password" })], signedIn: PUBLIC("sign-in is public; it echoes the typed email only"), anonymous: PUBLIC("sign-in is public") },
  ]),
  "action app/(auth)/actions.ts#signInWithOidcAction": action("app/(auth)/actions.ts#signInWithOidcAction", [
    { what: "SSO asked to return to B's organisation", args: (w) => [formData({ callbackUrl: `/${w.b.slug}` })], signedIn: PUBLIC("a redirect to the provider"), anonymous: PUBLIC("a redirect to the provider") },
  ]),
  "action app/(auth)/actions.ts#signOutAction": action("app/(auth)/actions.ts#signOutAction", [
    { what: "sign-out takes no ids (not sent with A's session: it would end it)", args: () => [], anonymousOnly: true, anonymous: PUBLIC("signs nobody out") },
  ]),
  "action app/(auth)/actions.ts#reauthenticateAction": action("app/(auth)/actions.ts#reauthenticateAction", [
    { what: "an empty password (takes no ids; only the caller's own session)", args: () => [""], signedIn: { statuses: [422], why: "refused before any guess is counted" } },
  ]),
  "action app/(auth)/actions.ts#reauthenticateWithSsoAction": action("app/(auth)/actions.ts#reauthenticateWithSsoAction", [
    { what: "SSO re-authentication asked to return to B's organisation", args: (w) => [formData({ returnTo: `/${w.b.slug}` })], signedIn: PUBLIC("a redirect to the provider"), anonymous: PUBLIC("a redirect to the provider") },
  ]),
  "action app/(console)/[org]/api/actions.ts#createAutomationAccountAction": action("app/(console)/[org]/api/actions.ts#createAutomationAccountAction", [
    { what: "an automation account in B", args: (w) => [w.b.slug, { name: "intruder", scopes: ["tessera:service-accounts:write"] }] },
  ]),
  "action app/(console)/[org]/audit/actions.ts#startAuditVerificationAction": action("app/(console)/[org]/audit/actions.ts#startAuditVerificationAction", [
    { what: "verify B's trail", args: (w) => [w.b.slug, "start"] },
  ]),
  "action app/(console)/[org]/audit/actions.ts#auditVerificationProgressAction": action("app/(console)/[org]/audit/actions.ts#auditVerificationProgressAction", [
    { what: "progress of a verification in B", args: (w) => [w.b.slug, "job-1"] },
  ]),
  "action app/(console)/[org]/scopes/actions.ts#createScopeAction": action("app/(console)/[org]/scopes/actions.ts#createScopeAction", [
    { what: "a scope in B", args: (w) => [w.b.slug, { name: "intruder:write" }] },
  ]),
  "action app/(console)/[org]/scopes/actions.ts#updateScopeAction": action("app/(console)/[org]/scopes/actions.ts#updateScopeAction", [
    { what: "B's scope under B's slug", args: (w) => [w.b.slug, w.b.scope, { description: "changed by A" }] },
    { what: "B's scope under A's slug", args: (w) => [w.a.slug, w.b.scope, { description: "changed by A" }] },
  ]),
  "action app/(console)/[org]/scopes/actions.ts#deleteScopeAction": action("app/(console)/[org]/scopes/actions.ts#deleteScopeAction", [
    { what: "B's scope under B's slug", args: (w) => [w.b.slug, w.b.scope] },
    { what: "B's scope under A's slug", args: (w) => [w.a.slug, w.b.scope] },
  ]),
  "action app/(console)/[org]/service-accounts/actions.ts#createServiceAccountAction": action("app/(console)/[org]/service-accounts/actions.ts#createServiceAccountAction", [
    { what: "an account in B", args: (w) => [w.b.slug, { name: "intruder", audiences: ["https://x.example.com"] }] },
    {
      what: "an account in A granted B's scope",
      args: (w) => [w.a.slug, { name: "borrower", audiences: ["https://x.example.com"], scopes: [w.b.scope] }],
      signedIn: { statuses: [422], why: "B's scope does not exist in A: unknown scope" },
    },
  ]),
  [`action ${serviceAccountActions}#updateServiceAccountAction`]: onBsAccount("updateServiceAccountAction", () => [{ description: "changed by A" }]),
  [`action ${serviceAccountActions}#deactivateServiceAccountAction`]: onBsAccount("deactivateServiceAccountAction"),
  [`action ${serviceAccountActions}#activateServiceAccountAction`]: onBsAccount("activateServiceAccountAction"),
  [`action ${serviceAccountActions}#deleteServiceAccountAction`]: onBsAccount("deleteServiceAccountAction"),
  [`action ${serviceAccountActions}#rotateClientSecretAction`]: onBsAccount("rotateClientSecretAction", () => [{ graceSeconds: 0, revokeOldest: true }]),
  [`action ${serviceAccountActions}#createApiKeyAction`]: onBsAccount("createApiKeyAction", () => [{ name: "intruder", expiresInDays: 1 }]),
  [`action ${serviceAccountActions}#setServiceAccountOwnerAction`]: action(`${serviceAccountActions}#setServiceAccountOwnerAction`, [
    { what: "B's account under B's slug, owned by nobody", args: (w) => [w.b.slug, w.b.clientId, null] },
    { what: "B's account under A's slug", args: (w) => [w.a.slug, w.b.clientId, null] },
    {
      what: "A's own account owned by B's member",
      args: (w) => [w.a.slug, w.a.clientId, w.b.memberEmail],
      signedIn: { statuses: [422], why: "only a member of A may own A's account; B's people cannot be probed (the same answer as for any stranger)" },
    },
  ]),
  [`action ${serviceAccountActions}#revokeClientSecretAction`]: action(`${serviceAccountActions}#revokeClientSecretAction`, [
    { what: "B's secret under B's account", args: (w) => [w.b.slug, w.b.clientId, w.b.secretIds[0]] },
    { what: "B's secret under A's own account", args: (w) => [w.a.slug, w.a.clientId, w.b.secretIds[1]] },
  ]),
  [`action ${serviceAccountActions}#revokeApiKeyAction`]: action(`${serviceAccountActions}#revokeApiKeyAction`, [
    { what: "B's key under B's account", args: (w) => [w.b.slug, w.b.clientId, w.b.keyId] },
    { what: "B's key under A's own account", args: (w) => [w.a.slug, w.a.clientId, w.b.keyId] },
  ]),
  "action app/(console)/[org]/settings/audit/actions.ts#setAuditRetentionAction": action("app/(console)/[org]/settings/audit/actions.ts#setAuditRetentionAction", [
    { what: "B's retention", args: (w) => [w.b.slug, null, formData({ mode: "days", days: "30" })] },
  ]),
  ...reviewActions(),
  ...webhookActions(),
  ...changeRequestActions(),
  "action app/(console)/[org]/settings/members/actions.ts#inviteMemberAction": action("app/(console)/[org]/settings/members/actions.ts#inviteMemberAction", [
    { what: "an OWNER invitation into B", args: (w) => [w.b.slug, formData({ role: "OWNER" })] },
  ]),
  "action app/(console)/[org]/settings/members/actions.ts#revokeInvitationAction": action("app/(console)/[org]/settings/members/actions.ts#revokeInvitationAction", [
    { what: "B's invitation under B's slug", args: (w) => [w.b.slug, w.b.invitationId] },
    { what: "B's invitation under A's slug", args: (w) => [w.a.slug, w.b.invitationId] },
  ]),
  "action app/(console)/[org]/settings/members/actions.ts#changeMemberRoleAction": action("app/(console)/[org]/settings/members/actions.ts#changeMemberRoleAction", [
    { what: "B's member under B's slug", args: (w) => [w.b.slug, w.b.membershipId, "REVIEWER"] },
    { what: "B's member under A's slug", args: (w) => [w.a.slug, w.b.membershipId, "REVIEWER"] },
  ]),
  "action app/(console)/[org]/settings/members/actions.ts#removeMemberAction": action("app/(console)/[org]/settings/members/actions.ts#removeMemberAction", [
    { what: "B's member under B's slug", args: (w) => [w.b.slug, w.b.membershipId] },
    { what: "B's member under A's slug", args: (w) => [w.a.slug, w.b.membershipId] },
  ]),
  "action app/invite/[token]/actions.ts#acceptInvitationAction": action("app/invite/[token]/actions.ts#acceptInvitationAction", [
    { what: "B's invitation id used as a token", args: (w) => [w.b.invitationId, null], signedIn: { statuses: [404], why: "an id is not a token: no such invitation" } },
  ]),
  "action app/invite/[token]/actions.ts#signUpWithInvitationAction": action("app/invite/[token]/actions.ts#signUpWithInvitationAction", [
    {
      what: "sign up with B's invitation id as the token",
      args: (w) => [w.b.invitationId, {}, formData({ name: "Intruder", email: `intruder-${w.b.invitationId}@e2e.example.test`, password: "intruder password 1" })],
      signedIn: PUBLIC("public by necessity: the token authorises; refused with a message"),
      anonymous: PUBLIC("public by necessity: the token authorises; refused with a message"),
    },
  ]),
  "action app/orgs/new/actions.ts#createOrganizationAction": action("app/orgs/new/actions.ts#createOrganizationAction", [
    { what: "a new organisation claiming B's slug", args: (w) => [null, formData({ slug: w.b.slug, name: "Takeover" })], signedIn: { statuses: [409, 422], why: "the slug is taken; nothing of B is named" } },
  ]),
  "action app/setup/[token]/actions.ts#completeSetupAction": action("app/setup/[token]/actions.ts#completeSetupAction", [
    {
      what: "first-run setup with B's invitation id as the token",
      args: (w) => [w.b.invitationId, {}, formData({ name: "Intruder", email: "intruder@e2e.example.test", password: "intruder password 1", orgName: "X", orgSlug: w.b.slug })],
      signedIn: PUBLIC("public by necessity: the one-time token authorises"),
      anonymous: PUBLIC("public by necessity: the one-time token authorises"),
    },
  ]),

  // ---- management API (A's token and A's API key) ----
  "api listServiceAccounts": apiCase([
    { what: "B's cursor", method: "GET", path: (w) => `/service-accounts?cursor=${encodeURIComponent(w.b.accountsCursor)}`, signedIn: OWN_VIEW() },
    { what: "filters naming B's scope, audience and client id", method: "GET", path: (w) => `/service-accounts?scope=${encodeURIComponent(w.b.scope)}&audience=${encodeURIComponent(w.b.audience)}&q=${w.b.clientId}`, signedIn: OWN_VIEW() },
  ]),
  "api createServiceAccount": apiCase([
    { what: "an account in A granted B's scope", method: "POST", path: () => "/service-accounts", body: (w) => ({ name: "borrower", audiences: ["https://x.example.com"], scopes: [w.b.scope] }), signedIn: { statuses: [422], why: "unknown scope in A" } },
    { what: "an account in A with B's orgId in the body", method: "POST", path: () => "/service-accounts", body: (w) => ({ name: "mover", audiences: ["https://x.example.com"], orgId: w.b.orgId }), signedIn: { statuses: [422], why: "bodies are strict: orgId is not a field" } },
  ]),
  "api getServiceAccount": apiCase([{ what: "B's client id in the path", method: "GET", path: (w) => `/service-accounts/${w.b.clientId}` }]),
  "api updateServiceAccount": apiCase([
    { what: "B's client id in the path", method: "PATCH", path: (w) => `/service-accounts/${w.b.clientId}`, body: () => ({ description: "changed by A" }) },
    { what: "B's account given no owner", method: "PATCH", path: (w) => `/service-accounts/${w.b.clientId}`, body: () => ({ ownerEmail: null }) },
    {
      what: "A's own account owned by B's member",
      method: "PATCH",
      path: (w) => `/service-accounts/${w.a.clientId}`,
      body: (w) => ({ ownerEmail: w.b.memberEmail }),
      signedIn: { statuses: [422], why: "only a member of A may own A's account" },
    },
  ]),
  "api deleteServiceAccount": apiCase([{ what: "B's client id in the path", method: "DELETE", path: (w) => `/service-accounts/${w.b.clientId}` }]),
  "api listClientSecrets": apiCase([{ what: "B's client id in the path", method: "GET", path: (w) => `/service-accounts/${w.b.clientId}/secrets` }]),
  "api rotateClientSecret": apiCase([{ what: "B's client id in the path", method: "POST", path: (w) => `/service-accounts/${w.b.clientId}/secrets`, body: () => ({ graceSeconds: 0, revokeOldest: true }) }]),
  "api revokeClientSecret": apiCase([
    { what: "B's account and secret", method: "DELETE", path: (w) => `/service-accounts/${w.b.clientId}/secrets/${w.b.secretIds[0]}` },
    { what: "A's account with B's secret", method: "DELETE", path: (w) => `/service-accounts/${w.a.clientId}/secrets/${w.b.secretIds[1]}` },
  ]),
  "api listApiKeys": apiCase([{ what: "B's client id in the path", method: "GET", path: (w) => `/service-accounts/${w.b.clientId}/api-keys` }]),
  "api createApiKey": apiCase([{ what: "B's client id in the path", method: "POST", path: (w) => `/service-accounts/${w.b.clientId}/api-keys`, body: () => ({ name: "intruder" }) }]),
  "api revokeApiKey": apiCase([
    { what: "B's account and key", method: "DELETE", path: (w) => `/service-accounts/${w.b.clientId}/api-keys/${w.b.keyId}` },
    { what: "A's account with B's key", method: "DELETE", path: (w) => `/service-accounts/${w.a.clientId}/api-keys/${w.b.keyId}` },
  ]),
  "api listScopes": apiCase([{ what: "A's catalog (B's scopes must not be in it)", method: "GET", path: () => "/scopes", signedIn: OWN_VIEW() }]),
  "api createScope": apiCase([
    { what: "a scope with B's orgId in the body", method: "POST", path: () => "/scopes", body: (w) => ({ name: "mover:read", orgId: w.b.orgId }), signedIn: { statuses: [422], why: "bodies are strict: orgId is not a field" } },
  ]),
  "api getScope": apiCase([{ what: "B's scope name in the path", method: "GET", path: (w) => `/scopes/${encodeURIComponent(w.b.scope)}` }]),
  "api updateScope": apiCase([{ what: "B's scope name in the path", method: "PATCH", path: (w) => `/scopes/${encodeURIComponent(w.b.scope)}`, body: () => ({ description: "changed by A" }) }]),
  "api deleteScope": apiCase([{ what: "B's scope name in the path", method: "DELETE", path: (w) => `/scopes/${encodeURIComponent(w.b.scope)}` }]),
  "api listAuditEvents": apiCase([
    { what: "filtered by B's client id and target", method: "GET", path: (w) => `/audit-events?clientId=${w.b.clientId}&target=${w.b.clientId}`, signedIn: OWN_VIEW() },
    { what: "B's cursor", method: "GET", path: (w) => `/audit-events?cursor=${encodeURIComponent(w.b.auditCursor)}`, signedIn: OWN_VIEW() },
    { what: "the NDJSON export filtered by B's client id", method: "GET", path: (w) => `/audit-events?clientId=${w.b.clientId}`, headers: { Accept: "application/x-ndjson" }, signedIn: OWN_VIEW() },
  ]),
  ...reviewOperations(),
  ...webhookOperations(),
  ...changeRequestOperations(),
};

/** Table keys may name several methods or paths at once (`route GET|PUT /a|/b`); this expands them. */
export function expandKey(key: string): string[] {
  const m = /^route (\S+) (\S+)$/.exec(key);
  if (!m) return [key];
  return m[1]!.split("|").flatMap((method) => m[2]!.split("|").map((path) => `route ${method} ${path}`));
}

