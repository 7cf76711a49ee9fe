import { basic, type Instance } from "../../../e2e/support/instances";
import { isError, sleep, shoot, type Shot } from "../load";
import type { Case } from "../summary";
import { createAccount, query, seedOrganisation, tokenRequest, verifyChain, type AnyDeployment, type Credentials } from "../world";
import { checkAudit, type RaceTimeline } from "./race-checks";

const ORG = "races";
/** Every request is answered within this: a correctness bound, generous for a shared 2-core machine. */
const ANSWER_BOUND_MS = 60_000;

/**
 * Item 5: many clients ask for tokens while two secret rotations and a
 * deactivation run at once (each through the real CLI, as another process
 * would). Clients use every secret they know of, the new ones as soon as a
 * rotation hands them out.
 */
export async function tokenRace(c: Case, d: AnyDeployment, o: { port: number; clients: number; commitTimestamps: boolean }) {
  await seedOrganisation(d, ORG);
  const racer = await createAccount(d, ORG, "racer");
  const gateway = await createAccount(d, ORG, "gateway", "tessera:introspect", "https://gw.example.com");
  const instance = await d.start(o.port);
  const { id: accountId } = (await query<{ id: string }>(d, `SELECT "id" FROM "ServiceAccount" WHERE "clientId" = $1`, [racer.clientId]))[0]!;

  const secrets = [racer.clientSecret];
  const shots: (Shot & { secret: number })[] = [];
  let stopping = false;
  const clients = Array.from({ length: o.clients }, async (_, w) => {
    for (let n = 0; !stopping; n++) {
      const secret = (w + n) % secrets.length;
      shots.push({ ...(await shoot("token", (signal) => tokenRequest(instance.base, { ...racer, clientSecret: secrets[secret]! }, {}, signal), ANSWER_BOUND_MS)), secret });
    }
  });
  const validCounts: number[] = [];
  const watcher = (async () => {
    while (!stopping) {
      validCounts.push(await validSecrets(d, accountId));
      await sleep(50);
    }
  })();

  // The race needs tokens on their way when the rotations and the deactivation start.
  for (let waited = 0; shots.filter((s) => s.status === 200).length < o.clients / 2 && waited < 30_000; waited += 100) await sleep(100);
  await sleep(200);
  const cli = (args: string[]) => d.cli([...args, "--org", ORG]).then((out) => ({ out, at: Date.now() }));
  const rotations = [0, 1].map(() => cli(["service-accounts", "rotate-secret", racer.clientId, "--revoke-oldest"]).then((r) => (secrets.push((r.out as Credentials).clientSecret), r)));
  await sleep(300);
  const deactivated = await cli(["service-accounts", "deactivate", racer.clientId]);
  const rotated = await Promise.allSettled(rotations);
  await sleep(1_500);
  stopping = true;
  await Promise.all([...clients, watcher]);

  const timeline: RaceTimeline = { deactivationCliExitedAt: deactivated.at, commitTimestamps: o.commitTimestamps };
  c.add({ tried: 1, requests: shots.length, errors: shots.filter(isError).length });
  const ok = shots.filter((s) => s.status === 200);
  c.note(`${o.clients} clients: ${shots.length} token requests, ${ok.length} answered 200, ${shots.length - ok.length} refused; ${secrets.length} secrets used`);
  c.expect(rotated.every((r) => r.status === "fulfilled"), `a rotation failed: ${rotated.map((r) => (r.status === "rejected" ? String((r.reason as Error).message).slice(0, 200) : "ok")).join("; ")}`);
  c.expect(validCounts.every((n) => n <= 2), `more than two valid secrets at once (largest count seen ${Math.max(...validCounts)} in ${validCounts.length} samples)`);
  c.note(`valid secrets sampled ${validCounts.length} times during the race: at most ${Math.max(...validCounts)}`);
  // 503 with Retry-After is the overload answer (a burst of clients waiting past the database's connect timeout for a pooled connection).
  const overloaded = shots.filter((s) => s.status === 503 && /^\d+$/.test(s.retryAfter ?? "")).length;
  if (overloaded) c.note(`${overloaded} requests answered 503 with Retry-After (overload)`);
  for (const s of shots) if (![200, 401, 429].includes(s.status) && !(s.status === 503 && /^\d+$/.test(s.retryAfter ?? ""))) c.fail(`token request answered ${s.status || s.error}: ${s.body.slice(0, 160)}`);

  await introspectAll(c, instance, gateway, ok, "while the account is deactivated");
  // Reactivation must not revive a token issued before the deactivation, however close to it.
  await d.cli(["service-accounts", "activate", racer.clientId, "--org", ORG]);
  await introspectAll(c, instance, gateway, ok, "after the account was reactivated");
  instance.child.kill("SIGTERM");
  c.expect((await instance.exited) === 0, "the server did not shut down cleanly");
  await checkAudit(c, d, racer.clientId, shots, timeline);
  const verdict = await verifyChain(d, ORG);
  c.expect(verdict.ok, `the audit chain does not verify after the race (first broken #${verdict.firstBrokenSeq})`);
  c.add({ events: verdict.checked });
}

/** Secrets of the account valid right now: not revoked, not expired. */
async function validSecrets(d: AnyDeployment, accountId: string): Promise<number> {
  const rows = await query<{ revokedAt: unknown; expiresAt: unknown }>(d, `SELECT "revokedAt", "expiresAt" FROM "ClientSecret" WHERE "serviceAccountId" = $1`, [accountId]);
  const now = Date.now();
  return rows.filter((r) => r.revokedAt === null && (r.expiresAt === null || toTime(r.expiresAt) > now)).length;
}

/** Dates read raw: PostgreSQL gives Date objects; SQLite text or milliseconds. */
export const toTime = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === "number" ? v : new Date(String(v)).getTime());

/** Deactivation kills every token issued before it: each one introspects inactive, then and after reactivation. */
async function introspectAll(c: Case, instance: Instance, gateway: Credentials, ok: Shot[], when: string) {
  const tokens = ok.map((s) => (JSON.parse(s.body) as { access_token: string }).access_token);
  let active = 0;
  for (let i = 0; i < tokens.length; i += 25) {
    const answers = await Promise.all(
      tokens.slice(i, i + 25).map((token) =>
        fetch(`${instance.base}/oauth/introspect`, { method: "POST", headers: { authorization: basic(gateway.clientId, gateway.clientSecret), "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token }) }).then((r) => r.json() as Promise<{ active?: boolean }>),
      ),
    );
    active += answers.filter((a) => a.active !== false).length;
  }
  c.add({ requests: tokens.length });
  c.expect(active === 0, `${active} of ${tokens.length} tokens issued before the deactivation introspect active ${when}`);
  c.note(`${tokens.length} issued tokens introspected ${when}: ${tokens.length - active} inactive`);
}
