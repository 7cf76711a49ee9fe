// Benchmark peer, not product code: oidc-provider 9 (a certified Node OAuth
// server) configured for client_credentials, in memory, with the benchmark's
// accounts, so its figures can be compared with Tessera's in the same run.
//
//   PEER_PORT  PEER_SEED=seed.json (clients, introspector, revokeCount)  PEER_OUT=tokens.json
//
// Tokens for https://api.example.com are ES256 JWTs (resource indicators,
// accessTokenFormat "jwt"). oidc-provider refuses to introspect or revoke
// JWT access tokens (unsupported_token_type: it keeps no record of them), so
// the tokens it introspects and revokes here are opaque ones, issued for a
// second resource, https://opaque.example.com; the report says so.
import { readFileSync, writeFileSync } from "node:fs";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";
import { MapAdapter } from "./map-adapter.mjs";

const PORT = Number(process.env.PEER_PORT ?? 3411);
const ISSUER = `http://127.0.0.1:${PORT}`;
const JWT_RESOURCE = "https://api.example.com";
const OPAQUE_RESOURCE = "https://opaque.example.com";
const SCOPE = "bench:read";

const seed = JSON.parse(readFileSync(process.env.PEER_SEED, "utf8"));
const { privateKey } = await generateKeyPair("ES256", { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: "peer-es256", alg: "ES256", use: "sig" };

const client = (c, scope) => ({
  client_id: c.clientId,
  client_secret: c.clientSecret,
  grant_types: ["client_credentials"],
  response_types: [],
  redirect_uris: [],
  token_endpoint_auth_method: "client_secret_basic",
  scope,
});

const provider = new Provider(ISSUER, {
  adapter: MapAdapter,
  clients: [...seed.clients.map((c) => client(c, SCOPE)), client(seed.introspector, SCOPE)],
  clientDefaults: { id_token_signed_response_alg: "ES256" },
  jwks: { keys: [jwk] },
  scopes: [SCOPE],
  routes: { token: "/oauth/token", introspection: "/oauth/introspect", revocation: "/oauth/revoke" },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    // Like Tessera, only the introspecting account may introspect.
    introspection: { enabled: true, allowedPolicy: async (ctx, caller) => caller.clientId === seed.introspector.clientId },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => JWT_RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resource) => {
        if (resource !== JWT_RESOURCE && resource !== OPAQUE_RESOURCE) throw new Provider.errors.InvalidTarget();
        return resource === JWT_RESOURCE
          ? { scope: SCOPE, audience: resource, accessTokenTTL: 3600, accessTokenFormat: "jwt", jwt: { sign: { alg: "ES256" } } }
          : { scope: SCOPE, audience: resource, accessTokenTTL: 3600, accessTokenFormat: "opaque" };
      },
    },
  },
});

/** Opaque tokens for introspection and revocation, through the provider's own token endpoint. */
async function issueOpaque(clients, count) {
  const out = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < count; n = next++) {
      const c = clients[n % clients.length];
      const res = await fetch(`${ISSUER}/oauth/token`, {
        method: "POST",
        headers: { authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
        body: `grant_type=client_credentials&scope=bench%3Aread&resource=${encodeURIComponent(OPAQUE_RESOURCE)}`,
      });
      if (!res.ok) throw new Error(`peer token: ${res.status} ${await res.text()}`);
      out[n] = { client: n % clients.length, token: (await res.json()).access_token };
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return out;
}

const server = provider.listen(PORT, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const introspectTokens = (await issueOpaque(seed.clients, seed.clients.length)).map((t) => t.token);
const revokeTokens = await issueOpaque(seed.clients, seed.revokeCount);
writeFileSync(process.env.PEER_OUT, JSON.stringify({ introspectTokens, revokeTokens }));
console.log(`peer ready on ${ISSUER}`);
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
