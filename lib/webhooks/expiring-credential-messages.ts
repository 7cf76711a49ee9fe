import { db } from "../db";
import type { MessageCandidate } from "./enqueue-webhook-messages";
import { EXPIRY_THRESHOLDS_DAYS } from "./policy";

const DAY_MS = 86_400_000;
const ASCENDING = [...EXPIRY_THRESHOLDS_DAYS].sort((a, b) => a - b);

/** The tightest threshold a credential has crossed (1 before 7 before 14), or null when it is further off. */
export function expiryThreshold(expiresAt: Date, now: Date): number | null {
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return null;
  return ASCENDING.find((days) => left <= days * DAY_MS) ?? null;
}

/**
 * `credential.expiring` for every working secret and API key of an active
 * account that expires within the widest threshold. Each threshold is
 * announced once per credential (the dedupe key names it); one created with
 * 5 days left gets the 7-day and later the 1-day notice, never the 14-day
 * one. A secret that a rotation already replaced is expected to expire and
 * is not announced.
 */
export async function expiringCredentialMessages(orgId: string, now: Date): Promise<MessageCandidate[]> {
  const horizon = new Date(now.getTime() + Math.max(...EXPIRY_THRESHOLDS_DAYS) * DAY_MS);
  const window = { revokedAt: null, expiresAt: { gt: now, lte: horizon } };
  const [secrets, keys] = await Promise.all([
    db().clientSecret.findMany({
      where: { ...window, serviceAccount: { orgId, status: "ACTIVE" } },
      select: { id: true, createdAt: true, expiresAt: true, serviceAccountId: true, serviceAccount: { select: { clientId: true, name: true } } },
    }),
    db().apiKey.findMany({
      where: { ...window, orgId, serviceAccount: { status: "ACTIVE" } },
      select: { id: true, name: true, expiresAt: true, serviceAccount: { select: { clientId: true, name: true } } },
    }),
  ]);
  const newest = await db().clientSecret.groupBy({
    by: ["serviceAccountId"],
    where: { serviceAccountId: { in: [...new Set(secrets.map((s) => s.serviceAccountId))] }, revokedAt: null },
    _max: { createdAt: true },
  });
  const replaced = (s: (typeof secrets)[number]) => {
    const latest = newest.find((n) => n.serviceAccountId === s.serviceAccountId)?._max.createdAt;
    return latest ? latest > s.createdAt : false;
  };
  const out: MessageCandidate[] = [];
  const add = (kind: "client_secret" | "api_key", id: string, name: string | null, expiresAt: Date, account: { clientId: string; name: string }) => {
    const threshold = expiryThreshold(expiresAt, now);
    if (threshold === null) return;
    out.push({
      type: "credential.expiring",
      dedupeKey: `credential.expiring:${kind}:${id}:${threshold}`,
      data: { credential: { type: kind, id, name, expiresAt: expiresAt.toISOString() }, serviceAccount: account, thresholdDays: threshold },
    });
  };
  for (const s of secrets) if (!replaced(s)) add("client_secret", s.id, null, s.expiresAt!, s.serviceAccount);
  for (const k of keys) add("api_key", k.id, k.name, k.expiresAt!, k.serviceAccount);
  return out;
}
