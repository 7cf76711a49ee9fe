// The five scenarios as request lists, the same for every server. A server
// describes itself with a fixture:
//   { healthPath, clients: [{clientId, clientSecret}], introspector,
//     apiKey, introspectTokens: [jwt], revokeTokens: [{client, token}] }
// A scenario a server cannot serve (no API keys, no health route) is null: "n/a".

export const SCENARIOS = ["health", "token", "introspect-jwt", "introspect-key", "revoke"];

export const SCENARIO_TITLES = {
  health: "GET /api/health/live",
  token: "POST /oauth/token (client_credentials, Basic, 100 accounts)",
  "introspect-jwt": "POST /oauth/introspect, a JWT access token",
  "introspect-key": "POST /oauth/introspect, an API key",
  revoke: "POST /oauth/revoke, pre-issued tokens",
};

/** RFC 6749 §2.3.1: id and secret are form-encoded before base64. */
export function basic({ clientId, clientSecret }) {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`;
}

export const TOKEN_BODY = "grant_type=client_credentials&scope=bench%3Aread";
const ACTIVE = '"active"\\s*:\\s*true';

/**
 * The autocannon job for one scenario on one server, or null when it has no
 * equivalent. With several rounds (`round` of `rounds`), each round revokes
 * a part of the pool of its own, so no round finds its tokens revoked already.
 */
export function scenarioJob(name, fixture, round = 0, rounds = 1) {
  switch (name) {
    case "health":
      if (!fixture.healthPath) return null;
      return { method: "GET", path: fixture.healthPath, items: [{}] };
    case "token":
      return {
        method: "POST",
        path: "/oauth/token",
        items: fixture.clients.map((c) => ({ authorization: basic(c), body: TOKEN_BODY })),
        expect: '"access_token"',
        collectJti: true,
      };
    case "introspect-jwt": {
      const authorization = basic(fixture.introspector);
      return {
        method: "POST",
        path: "/oauth/introspect",
        items: fixture.introspectTokens.map((t) => ({ authorization, body: `token=${encodeURIComponent(t)}` })),
        expect: ACTIVE,
      };
    }
    case "introspect-key":
      if (!fixture.apiKey) return null;
      return {
        method: "POST",
        path: "/oauth/introspect",
        items: [{ authorization: basic(fixture.introspector), body: `token=${encodeURIComponent(fixture.apiKey)}` }],
        expect: ACTIVE,
      };
    case "revoke": {
      const auths = fixture.clients.map(basic);
      // A token revoked a second time (when the run outlasts the pool) still answers 200 (RFC 7009).
      return {
        method: "POST",
        path: "/oauth/revoke",
        items: roundsPart(fixture.revokeTokens, round, rounds).map(({ client, token }) => ({
          authorization: auths[client],
          body: `token=${encodeURIComponent(token)}&token_type_hint=access_token`,
        })),
      };
    }
    default:
      throw new Error(`unknown scenario ${name}`);
  }
}

/** Part `round` of `items` cut into `rounds` parts of equal size (the remainder left out). */
export function roundsPart(items, round, rounds) {
  const size = Math.floor(items.length / rounds);
  if (size < 1 || round < 0 || round >= rounds) throw new Error(`cannot cut ${items.length} items into ${rounds} rounds`);
  return items.slice(round * size, (round + 1) * size);
}

/**
 * One request of the scenario before the load starts: a server that answers
 * it wrongly would make the figures meaningless, so the run stops.
 */
export async function checkScenario(base, name, job) {
  const item = job.items[0];
  const headers = { ...(item.authorization ? { authorization: item.authorization } : {}) };
  if (job.method === "POST") headers["content-type"] = "application/x-www-form-urlencoded";
  const res = await fetch(base + job.path, { method: job.method, headers, body: item.body });
  const text = await res.text();
  if (!res.ok || (job.expect && !new RegExp(job.expect).test(text))) {
    throw new Error(`${name} at ${base}: sample request answered ${res.status} ${text.slice(0, 200)}`);
  }
  return text;
}
