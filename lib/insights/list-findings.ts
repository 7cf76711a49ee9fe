import { db } from "../db";
import { at } from "../clock";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { isCredentialActive } from "../service-accounts/credential-state";

export const FINDING_KINDS = [
  "approval_off",
  "account_never_used",
  "account_unused",
  "scope_unused",
  "secret_old",
  "api_key_no_expiry",
  "api_key_expiring",
  "high_risk_scope",
  "disabled_with_credentials",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  kind: FindingKind;
  /** The account the finding is about; null for a finding about the organisation itself. */
  clientId: string | null;
  accountName: string | null;
  /** The scope, secret or key the finding is about, when it is not the account itself. */
  subject: string | null;
  reason: string;
  fix: { label: string; href: string };
}

const DAY = 86_400_000;
export const UNUSED_ACCOUNT_DAYS = 90;
export const UNUSED_SCOPE_DAYS = 30;
export const OLD_SECRET_DAYS = 90;
export const KEY_EXPIRY_WARNING_DAYS = 14;

const days = (ms: number) => Math.floor(ms / DAY);

/**
 * Where accounts hold more power than they use, or credentials need care.
 * One finding per (kind, account, subject); each links to the page that fixes it.
 */
export async function listFindings(actor: Actor, orgSlug: string, now?: Date) {
  const { org } = await authorizeOrg(actor, orgSlug, "org:read");
  const when = at(now);
  const t = when.getTime();
  const accounts = await db().serviceAccount.findMany({
    where: { orgId: org.id },
    orderBy: { name: "asc" },
    include: {
      scopes: { include: { scope: { select: { name: true, highRisk: true } } } },
      secrets: { where: { revokedAt: null }, select: { id: true, hint: true, createdAt: true, expiresAt: true, revokedAt: true } },
      apiKeys: { where: { revokedAt: null }, select: { id: true, name: true, createdAt: true, expiresAt: true, revokedAt: true } },
    },
  });

  const findings: Finding[] = [];
  if (!org.requireApproval) {
    findings.push({
      kind: "approval_off",
      clientId: null,
      accountName: null,
      subject: null,
      reason: "High-risk grants need no approval: anyone who can edit an account can grant them alone",
      fix: { label: "Turn on four-eyes approval", href: `/${org.slug}/settings/governance` },
    });
  }
  for (const a of accounts) {
    const page = `/${org.slug}/service-accounts/${a.clientId}`;
    const add = (kind: FindingKind, reason: string, fixLabel: string, subject: string | null = null) =>
      findings.push({ kind, clientId: a.clientId, accountName: a.name, subject, reason, fix: { label: fixLabel, href: page } });
    const secrets = a.secrets.filter((s) => isCredentialActive(s, when));
    const keys = a.apiKeys.filter((k) => isCredentialActive(k, when));

    if (!a.lastUsedAt) add("account_never_used", `Never used since it was created ${days(t - a.createdAt.getTime())} days ago`, "Deactivate or delete it");
    else if (t - a.lastUsedAt.getTime() >= UNUSED_ACCOUNT_DAYS * DAY) {
      add("account_unused", `Not used for ${days(t - a.lastUsedAt.getTime())} days`, "Deactivate or delete it");
    }
    for (const g of a.scopes) {
      const lastUse = g.lastRequestedAt?.getTime() ?? null;
      if (t - g.grantedAt.getTime() >= UNUSED_SCOPE_DAYS * DAY && (lastUse === null || t - lastUse >= UNUSED_SCOPE_DAYS * DAY)) {
        add("scope_unused", lastUse === null ? `Granted ${days(t - g.grantedAt.getTime())} days ago, never requested in a token` : `Not requested in a token for ${days(t - lastUse)} days`, "Remove the scope", g.scope.name);
      }
      if (g.scope.highRisk) add("high_risk_scope", "Holds a high-risk scope", "Review the scope", g.scope.name);
    }
    for (const s of secrets) {
      if (t - s.createdAt.getTime() >= OLD_SECRET_DAYS * DAY) add("secret_old", `Secret …${s.hint} is ${days(t - s.createdAt.getTime())} days old`, "Rotate the secret", s.id);
    }
    for (const k of keys) {
      if (!k.expiresAt) add("api_key_no_expiry", `API key "${k.name}" never expires`, "Replace it with an expiring key", k.id);
      else if (k.expiresAt.getTime() - t <= KEY_EXPIRY_WARNING_DAYS * DAY) {
        add("api_key_expiring", `API key "${k.name}" expires in ${Math.max(0, Math.ceil((k.expiresAt.getTime() - t) / DAY))} days`, "Issue a replacement", k.id);
      }
    }
    if (a.status === "DISABLED" && (secrets.length || keys.length)) {
      add("disabled_with_credentials", `Deactivated but holds ${secrets.length} unexpired secret(s) and ${keys.length} API key(s)`, "Delete it, or revoke them");
    }
  }
  const counts = Object.fromEntries(FINDING_KINDS.map((k) => [k, findings.filter((f) => f.kind === k).length])) as Record<FindingKind, number>;
  return { findings, counts, total: findings.length };
}
