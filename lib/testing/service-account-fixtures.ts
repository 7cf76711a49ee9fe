import { db } from "../db";
import { createScope } from "../scopes/create-scope";
import { createServiceAccount } from "../service-accounts/create-service-account";
import { actorFor, makeOrg, makeUser } from "./factories";

/** An organisation with an OWNER, a REVIEWER, two catalog scopes (one high-risk) and one service account. */
export async function orgWithServiceAccount() {
  const owner = await makeUser();
  const reviewer = await makeUser();
  const org = await makeOrg([
    { userId: owner.id, role: "OWNER" },
    { userId: reviewer.id, role: "REVIEWER" },
  ]);
  const actor = actorFor(owner);
  await createScope(actor, org.slug, { name: "billing:read" });
  await createScope(actor, org.slug, { name: "billing:refund", highRisk: true });
  const created = await createServiceAccount(actor, org.slug, {
    name: "billing-job",
    scopes: ["billing:read", "billing:refund"],
    audiences: ["https://billing.example.com", "billing-api.example.com"],
  });
  return { org, owner, reviewer, actor, reviewerActor: actorFor(reviewer), created };
}

export async function validSecretIds(clientId: string, now = new Date()) {
  const secrets = await db().clientSecret.findMany({ where: { serviceAccount: { clientId }, revokedAt: null } });
  return secrets.filter((s) => !s.expiresAt || s.expiresAt > now).map((s) => s.id);
}

/** orgWithServiceAccount plus an introspecting account holding tessera:introspect, and a token of the first account. */
export async function orgWithIntrospector() {
  const base = await orgWithServiceAccount();
  const introspector = await createServiceAccount(base.actor, base.org.slug, {
    name: "gateway",
    scopes: ["tessera:introspect"],
    audiences: ["https://gateway.example.com"],
  });
  const { token } = await import("./oauth-client");
  const issued = await token({ grant_type: "client_credentials" }, { basic: [base.created.clientId, base.created.clientSecret] });
  return { ...base, introspector, caller: [introspector.clientId, introspector.clientSecret] as [string, string], jwt: issued.body.access_token as string };
}
