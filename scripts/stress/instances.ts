import { join } from "node:path";
import { basic, eventually, form, postgresDeployment, type Deployment } from "../../e2e/support/instances";
import { isError, shoot, sleep, type Shot } from "./load";
import type { Category } from "./summary";
import { createAccount, hasManagementApi, issueToken, query, seedOrganisation, tokenRequest, verifyChain, type Credentials } from "./world";

const ORG = "instances";
/** Cross-instance visibility bound: a correctness bound (issue 9: within 1 s; polled here up to 5 s), not a performance target. */
const VISIBLE_MS = 5_000;

/**
 * Item 6: two server processes on one PostgreSQL, under load at both (each
 * client gets a token at one instance and introspects it at the other),
 * while revocations, a deactivation and a brute-force run go through one
 * instance and are checked at the other. Afterwards every token answered has
 * its event and the chain verifies with both instances having written it.
 */
export async function runInstances(cat: Category, o: { sample: boolean; port: number; workDir: string }) {
  const d = await postgresDeployment("instances_stress", { logDir: join(o.workDir, "logs", "instances") });
  try {
    await seedOrganisation(d, ORG);
    const workers: Credentials[] = [];
    for (let i = 0; i < (o.sample ? 4 : 10); i++) workers.push(await createAccount(d, ORG, `worker-${i}`));
    const gateway = await createAccount(d, ORG, "gateway", "tessera:introspect", "https://gw.example.com");
    const [a, b] = await Promise.all([d.start(o.port), d.start(o.port + 1)]);
    const bases = [a.base, b.base];
    const introspect = (base: string, token: string) => form(base, "/oauth/introspect", basic(gateway.clientId, gateway.clientSecret), { token }).then(async (r) => (r.status === 200 ? ((await r.json()) as { active: boolean }).active : null));

    await cat.run(`first tokens at both instances at once (a new installation) introspect at the other within ${VISIBLE_MS / 1000} s`, async (c) => {
      // Each instance may create the first signing key; the other learns of it on its next key reload.
      const [fromA, fromB] = await Promise.all([issueToken(a.base, workers[0]!), issueToken(b.base, workers[0]!)]);
      const first = [await introspect(b.base, fromA), await introspect(a.base, fromB)];
      for (const [token, there] of [[fromA, b.base], [fromB, a.base]] as const) {
        await eventually(async () => (await introspect(there, token)) === true, "a token is active at the other instance", VISIBLE_MS).catch((e: Error) => c.fail(e.message));
      }
      const n = (await query<{ n: string }>(d, `SELECT COUNT(*) AS n FROM "SigningKey"`))[0]?.n;
      c.note(`${n} signing key(s) created; at once, the other instance found the tokens ${first.map((x) => (x ? "active" : "not active")).join(" and ")}`);
      c.add({ tried: 2, requests: 6 });
    });

    // Load: each client gets a token at one instance and introspects it at the other.
    const clients = o.sample ? 40 : 300;
    const revocations = o.sample ? 10 : 100;
    const tokens: Shot[] = [];
    const introspections: Shot[] = [];
    let stopping = false;
    const load = Array.from({ length: clients }, async (_, w) => {
      for (let n = 0; !stopping; n++) {
        const [here, there] = (w + n) % 2 ? [bases[0]!, bases[1]!] : [bases[1]!, bases[0]!];
        const shot = await shoot("token", (signal) => tokenRequest(here, workers[w % workers.length]!, {}, signal), 30_000);
        tokens.push(shot);
        if (shot.status !== 200) continue;
        const token = (JSON.parse(shot.body) as { access_token: string }).access_token;
        introspections.push(await shoot("introspect", (signal) => fetch(`${there}/oauth/introspect`, { method: "POST", signal, headers: { authorization: basic(gateway.clientId, gateway.clientSecret), "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token }) }), 30_000));
      }
    });
    try {
      await sleep(2_000);

      await cat.run(`revocations at A are seen at B within ${VISIBLE_MS / 1000} s, under load`, async (c) => {
        const count = revocations;
        await Promise.all(
          Array.from({ length: count }, async () => {
            const token = await issueToken(a.base, workers[0]!);
            c.expect((await introspect(b.base, token)) === true, "a fresh token from A is not active at B");
            c.expect((await form(a.base, "/oauth/revoke", basic(workers[0]!.clientId, workers[0]!.clientSecret), { token })).status === 200, "revocation at A did not answer 200");
            await eventually(async () => (await introspect(b.base, token)) === false, "B reports the token revoked at A", VISIBLE_MS).catch((e: Error) => c.fail(e.message));
          }),
        );
        const { apiKey } = (await d.cli(["api-keys", "create", workers[1]!.clientId, "--name", "cross", "--org", ORG])) as { apiKey: string };
        c.expect((await introspect(b.base, apiKey)) === true, "an API key is not active at B");
        c.expect((await form(a.base, "/oauth/revoke", basic(workers[1]!.clientId, workers[1]!.clientSecret), { token: apiKey })).status === 200, "API key revocation at A did not answer 200");
        await eventually(async () => (await introspect(b.base, apiKey)) === false, "B reports the API key revoked at A", VISIBLE_MS).catch((e: Error) => c.fail(e.message));
        c.add({ tried: count + 1, requests: count * 4 + 3 });
      });

      await cat.run(`a deactivation at A is seen at B within ${VISIBLE_MS / 1000} s, under load`, async (c) => {
        const doomed = await createAccount(d, ORG, "doomed");
        const token = await issueToken(a.base, doomed);
        c.note(await deactivateAt(a.base, d, doomed));
        await eventually(async () => (await tokenRequest(b.base, doomed)).status === 401, "B refuses tokens to the account deactivated at A", VISIBLE_MS).catch((e: Error) => c.fail(e.message));
        await eventually(async () => (await introspect(b.base, token)) === false, "B reports the account's earlier token inactive", VISIBLE_MS).catch((e: Error) => c.fail(e.message));
        c.add({ tried: 1, requests: 4 });
      });

      await cat.run("the brute-force limit is shared: failures split across A and B trip it at both, under load", async (c) => {
        const victim = await createAccount(d, ORG, "victim");
        const wrong = (base: string) => tokenRequest(base, { clientId: victim.clientId, clientSecret: "tss_wrong" }).then((r) => r.status);
        // 30 at each instance at once: below the per-client limit (50) at either alone, above it together.
        const statuses = await Promise.all([...Array.from({ length: 30 }, () => wrong(a.base)), ...Array.from({ length: 30 }, () => wrong(b.base))]);
        c.expect(statuses.every((s) => s === 401 || s === 429), `wrong secrets answered ${[...new Set(statuses)].join(", ")}`);
        await eventually(async () => (await wrong(a.base)) === 429 && (await wrong(b.base)) === 429, "both instances refuse further failures with 429", VISIBLE_MS).catch((e: Error) => c.fail(e.message));
        c.expect((await tokenRequest(a.base, victim)).status === 200 && (await tokenRequest(b.base, victim)).status === 200, "the right secret no longer works at both: limits must count failures only");
        c.add({ tried: 1, requests: 64 });
      });

    } finally {
      stopping = true;
      await Promise.all(load);
    }
    await cat.run(`${clients} clients: tokens from one instance introspect at the other`, async (c) => {
      c.add({ tried: tokens.length, requests: tokens.length + introspections.length, errors: [...tokens, ...introspections].filter(isError).length });
      for (const s of tokens) if (s.status !== 200) c.fail(`token: ${s.status || s.error} ${s.body.slice(0, 120)}`);
      const notActive = introspections.filter((s) => s.status !== 200 || (JSON.parse(s.body) as { active: boolean }).active !== true);
      const inactive = notActive.length;
      c.expect(inactive === 0, `${inactive} of ${introspections.length} tokens were not active at the other instance: ${[...new Set(notActive.map((s) => `${s.status} ${s.body.slice(0, 100)}`))].slice(0, 3).join("; ")}`);
      c.note(`${tokens.length} tokens issued, ${introspections.length} introspected at the other instance`);
    });

    await cat.run("the audit chain stays verifiable with both instances writing under load", async (c) => {
      a.child.kill("SIGTERM");
      b.child.kill("SIGTERM");
      const codes = await Promise.all([a.exited, b.exited]);
      c.expect(codes.every((code) => code === 0), `instances exited with ${codes.join(", ")}`);
      const ids = workers.map((w) => w.clientId);
      const events = await query<{ requestId: string }>(d, `SELECT "requestId" FROM "AuditEvent" WHERE "action" = 'token.issued' AND "actorId" = ANY($1)`, [ids]);
      const recorded = new Set(events.map((e) => e.requestId));
      const answered = tokens.filter((s) => s.status === 200);
      const missing = answered.filter((s) => !recorded.has(s.requestId!)).length;
      c.expect(missing === 0, `${missing} tokens answered 200 have no token.issued event`);
      c.expect(events.length === answered.length + revocations + 2, `${events.length} token.issued events for ${answered.length} load tokens, ${revocations} of the revocation case and 2 first ones`);
      const verdict = await verifyChain(d, ORG);
      c.expect(verdict.ok, `the audit chain does not verify (first broken #${verdict.firstBrokenSeq})`);
      c.add({ tried: 1, events: verdict.checked });
      c.note(`${answered.length} load tokens, each with its event; chain of ${verdict.checked} events verified`);
    });
  } finally {
    await d.stop();
  }
}

/** Deactivate through instance A: the management API when this build has it, else the CLI (another process on the same database). */
async function deactivateAt(base: string, d: Deployment, who: Credentials): Promise<string> {
  if (!hasManagementApi()) {
    await d.cli(["service-accounts", "deactivate", who.clientId, "--org", ORG]);
    return "deactivated with the CLI (this build has no /api/v1 to deactivate through instance A)";
  }
  const audience = `${d.env.TESSERA_ISSUER}/api`;
  const admin = await createAccount(d, ORG, "api-admin", "tessera:service-accounts:write", audience);
  const token = await issueToken(base, admin, { audience });
  const res = await fetch(`${base}/api/v1/service-accounts/${who.clientId}`, { method: "PATCH", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ status: "DISABLED" }) });
  if (res.status !== 200) throw new Error(`PATCH /api/v1/service-accounts/… at A answered ${res.status}: ${await res.text()}`);
  return "deactivated through instance A's management API (PATCH /api/v1/service-accounts/{clientId})";
}
