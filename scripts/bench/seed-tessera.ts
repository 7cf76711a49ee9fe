// Seeds the benchmark organisation through Tessera's own domain functions
// (one process instead of a hundred CLI runs) and writes what the load needs:
//   node --import tsx scripts/bench/seed-tessera.ts OUT.json ACCOUNTS REVOKE_TOKENS
// with DATABASE_URL, TESSERA_SECRET and AUTH_URL set as for the server, so
// that the pre-signed tokens carry the issuer the server checks.
//
// Tokens for introspection and revocation are signed here with the server's
// own signing key rather than requested over HTTP: they cost no token.issued
// events (the self-check counts only the load's) and no minutes of load
// before the measurement.
import { writeFileSync } from "node:fs";
import { cliActor } from "../../lib/audit/types";
import { createApiKey } from "../../lib/api-keys/create-api-key";
import { disconnectDb } from "../../lib/db";
import { signAccessToken } from "../../lib/oauth/access-token";
import { INTROSPECT_SCOPE } from "../../lib/oauth/introspection";
import { createOrganization } from "../../lib/orgs/create-organization";
import { createScope } from "../../lib/scopes/create-scope";
import { createServiceAccount } from "../../lib/service-accounts/create-service-account";

const [out, accountArg = "100", revokeArg = "10000"] = process.argv.slice(2);
if (!out) throw new Error("usage: seed-tessera.ts OUT.json [ACCOUNTS] [REVOKE_TOKENS]");
const ACCOUNTS = Number(accountArg);
const REVOKE_TOKENS = Number(revokeArg);
const AUDIENCE = "https://api.example.com";
const SCOPE = "bench:read";

const actor = cliActor("bench");
const org = await createOrganization(actor, { slug: "bench", name: "Bench" });
await createScope(actor, "bench", { name: SCOPE });

const clients: { clientId: string; clientSecret: string }[] = [];
for (let i = 0; i < ACCOUNTS; i++) {
  const a = await createServiceAccount(actor, "bench", { name: `load-${i}`, scopes: [SCOPE], audiences: [AUDIENCE] });
  clients.push({ clientId: a.clientId, clientSecret: a.clientSecret });
}
const i = await createServiceAccount(actor, "bench", { name: "introspector", scopes: [INTROSPECT_SCOPE], audiences: [AUDIENCE] });
const introspector = { clientId: i.clientId, clientSecret: i.clientSecret };
const key = await createApiKey(actor, "bench", clients[0]!.clientId, { name: "bench", expiresInDays: null });

const sign = (client: number) =>
  signAccessToken({ clientId: clients[client]!.clientId, orgId: org.id, audiences: [AUDIENCE], scopes: [SCOPE], ttlSeconds: 3600 }, new Date());
const introspectTokens = [];
for (let n = 0; n < ACCOUNTS; n++) introspectTokens.push((await sign(n)).token);
const revokeTokens = [];
for (let n = 0; n < REVOKE_TOKENS; n++) revokeTokens.push({ client: n % ACCOUNTS, token: (await sign(n % ACCOUNTS)).token });

writeFileSync(out, JSON.stringify({ orgId: org.id, clients, introspector, apiKey: key.apiKey, introspectTokens, revokeTokens }));
await disconnectDb();
