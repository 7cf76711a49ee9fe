import { basic } from "../../../e2e/support/instances";
import { histogram, Load, shoot, type Shot } from "../load";
import type { Case } from "../summary";
import { claimsOf, createAccount, issueToken, query, seedOrganisation, signInCookie, tokenRequest, type AnyDeployment, type Credentials } from "../world";
import { FAULT_BOUND_MS } from "./bounds";

export const ORG = "faults";
export const KINDS = ["token", "introspect", "revoke", "console", "api"] as const;
export type Kind = (typeof KINDS)[number];

export interface World {
  worker: Credentials;
  gateway: Credentials;
  /** A management API client (GET /api/v1/scopes). */
  automation: Credentials;
  apiAudience: string;
}

export async function seedFaultWorld(d: AnyDeployment): Promise<World> {
  await seedOrganisation(d, ORG);
  const apiAudience = `${d.env.TESSERA_ISSUER}/api`;
  return {
    worker: await createAccount(d, ORG, "worker"),
    gateway: await createAccount(d, ORG, "gateway", "tessera:introspect", "https://gw.example.com"),
    automation: await createAccount(d, ORG, "automation", "tessera:service-accounts:read", apiAudience),
    apiAudience,
  };
}

/**
 * Ten clients cycling through the five paths a fault must not break:
 * a token, an introspection of a token issued beforehand, a revocation of a
 * token issued beforehand (each its own), a signed-in console page, and a
 * management API read with a token issued beforehand.
 */
export interface Prepared {
  cookie: string;
  watched: string;
  revocable: string[];
  apiToken: string;
}

/** A console session and tokens to introspect and revoke, made while the database still takes writes. */
export async function prepareTraffic(base: string, world: World, revocations: number): Promise<Prepared> {
  const revocable: string[] = [];
  for (let i = 0; i < revocations; i++) revocable.push(await issueToken(base, world.worker));
  const apiToken = await issueToken(base, world.automation, { audience: world.apiAudience });
  return { cookie: await signInCookie(base), watched: await issueToken(base, world.worker), revocable, apiToken };
}

export async function startTraffic(base: string, world: World, prepared: Prepared): Promise<Load> {
  const { worker, gateway } = world;
  const { cookie, watched, revocable, apiToken } = prepared;
  const post = (path: string, auth: string, body: Record<string, string>) => (signal: AbortSignal) =>
    fetch(`${base}${path}`, { method: "POST", signal, headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body).toString() });
  let revoked = 0;
  return new Load(10, async (w, n) => {
    const kind = KINDS[(w + n) % KINDS.length]!;
    if (kind === "token") return shoot(kind, (signal) => tokenRequest(base, worker, {}, signal), FAULT_BOUND_MS);
    if (kind === "introspect") return shoot(kind, post("/oauth/introspect", basic(gateway.clientId, gateway.clientSecret), { token: watched }), FAULT_BOUND_MS);
    if (kind === "revoke") {
      // Each token once, then round again: revoking a revoked token still answers 200 and records an event.
      const token = revocable[revoked++ % revocable.length]!;
      return shoot(kind, post("/oauth/revoke", basic(worker.clientId, worker.clientSecret), { token }), FAULT_BOUND_MS, claimsOf(token).jti);
    }
    if (kind === "api") return shoot(kind, (signal) => fetch(`${base}/api/v1/scopes`, { headers: { authorization: `Bearer ${apiToken}` }, signal }), FAULT_BOUND_MS);
    return shoot(kind, (signal) => fetch(`${base}/${ORG}`, { headers: { cookie }, signal, redirect: "manual" }), FAULT_BOUND_MS);
  }).start();
}

/**
 * Every answer is 200 or 503 with Retry-After, within the bound. Requests
 * sent and answered inside `window` (the fault in full effect) must be 503
 * when their kind is in `mustFail`.
 */
export function judgeShots(c: Case, shots: Shot[], window: { from: number; to: number }, mustFail: readonly Kind[]) {
  const inside = (s: Shot) => s.sentAt >= window.from && s.endedAt <= window.to;
  const during = shots.filter(inside);
  c.expect(during.length > 0, "no request was answered while the fault was in full effect");
  c.note(`${during.length} requests sent and answered while the fault was in full effect: ${histogram(during)}`);
  for (const s of shots) {
    if (s.status === 0) c.fail(`${s.kind}: ${s.error} (sent ${s.sentAt - window.from} ms after the fault began)`);
    else if (s.status === 503 && !/^\d+$/.test(s.retryAfter ?? "")) c.fail(`${s.kind}: 503 without Retry-After`);
    else if (s.kind === "api" && s.status !== 200 && !inEnvelope(s.body)) c.fail(`api: ${s.status} not in the API's error envelope: ${s.body.slice(0, 120)}`);
    else if (s.status !== 200 && s.status !== 503) c.fail(`${s.kind}: ${s.status} ${s.body.slice(0, 160)}`);
    else if (inside(s) && s.status !== 503 && (mustFail as readonly string[]).includes(s.kind)) c.fail(`${s.kind} answered ${s.status} while the fault was in full effect: ${s.body.slice(0, 120)}`);
  }
}

/** Every token and revocation answered 200 has its audit event (matched by request id); every revocation its row. */
export async function checkEvents(c: Case, d: AnyDeployment, clientId: string, shots: Shot[]) {
  const loadStart = Math.min(...shots.map((s) => s.sentAt));
  const events = (
    await query<{ action: string; requestId: string | null; occurredAt: string | Date }>(d, `SELECT "action", "requestId", "occurredAt" FROM "AuditEvent" WHERE "actorId" = $1 AND "action" IN ('token.issued', 'token.revoked')`, [clientId])
  ).filter((e) => new Date(e.occurredAt).getTime() >= loadStart);
  const byRequest = new Map(events.map((e) => [e.requestId, e.action]));
  const revoked = new Set((await query<{ jti: string }>(d, `SELECT "jti" FROM "RevokedToken"`)).map((r) => r.jti));
  for (const s of shots.filter((s) => s.status === 200 && (s.kind === "token" || s.kind === "revoke"))) {
    const action = s.kind === "token" ? "token.issued" : "token.revoked";
    c.expect(byRequest.get(s.requestId) === action, `${s.kind} answered 200 (request ${s.requestId}) without its ${action} event`);
    if (s.kind === "revoke") c.expect(revoked.has(s.tag!), `revocation answered 200 but token ${s.tag} is not revoked`);
    c.add({ events: 1 });
  }
  const answered = new Set(shots.filter((s) => s.status === 200).map((s) => s.requestId));
  const orphans = events.filter((e) => !answered.has(e.requestId)).length;
  if (orphans) c.note(`${orphans} events of requests not answered 200 (committed, but the answer did not reach the client as a 200)`);
}

/** Once the fault is over, every path answers 200 again from the same process, within the bound. */
export async function recovery(c: Case, load: Load, since: number, boundMs: number) {
  try {
    await load.until((shots) => KINDS.every((k) => shots.some((s) => s.kind === k && s.sentAt >= since && s.status === 200)), "every path answers 200 again once the fault is over (same server process)", boundMs);
  } catch (e) {
    c.fail((e as Error).message);
  }
}

function inEnvelope(body: string): boolean {
  try {
    const { error } = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    return typeof error?.code === "string" && typeof error.message === "string";
  } catch {
    return false;
  }
}
