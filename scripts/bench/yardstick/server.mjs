// Benchmark yardstick, not product code.
//
// The same jobs as Tessera's token, introspection and revocation endpoints,
// done by a bare node:http server with jose and a database driver and
// nothing else, to show what the hardware allows. It still does the whole
// job: client authentication against the database (HMAC-SHA-256 of the
// secret, constant-time compare), an ES256 JWT with Tessera's claims, one
// hash-chained audit row per token committed before the answer;
// introspection verifies the JWT and checks account status and revocation in
// the database, API keys by HMAC lookup.
//
//   YARDSTICK_DB=file:PATH | postgresql://…  YARDSTICK_PORT  YARDSTICK_SEED=seed.json  YARDSTICK_OUT=tokens.json
// On start it creates its schema, seeds the accounts of the seed file, writes
// pre-signed tokens for introspection and revocation to YARDSTICK_OUT, then listens.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { SignJWT, generateKeyPair, jwtVerify } from "jose";
import { createAuditLog } from "./audit-chain.mjs";
import { openPgStore } from "./store-pg.mjs";
import { openSqliteStore } from "./store-sqlite.mjs";

const PORT = Number(process.env.YARDSTICK_PORT ?? 3410);
const ISSUER = `http://127.0.0.1:${PORT}`;
const SECRET = "yardstick-secret-yardstick-secret-0123456789";
const hashKey = Buffer.from(hkdfSync("sha256", SECRET, "yardstick", "credential-hash", 32));
const chainKey = Buffer.from(hkdfSync("sha256", SECRET, "yardstick", "audit-chain", 32));
const INTROSPECT_SCOPE = "tessera:introspect";
const NO_STORE = { "content-type": "application/json", "cache-control": "no-store", pragma: "no-cache" };
const MAX_BODY = 64 * 1024;

const url = process.env.YARDSTICK_DB ?? "file:.tmp/bench/yardstick.db";
const store = url.startsWith("file:") ? openSqliteStore(url.slice(5)) : openPgStore(url);
const audit = createAuditLog(store, chainKey);
const kid = randomBytes(8).toString("base64url");
const { privateKey, publicKey } = await generateKeyPair("ES256");

const hmac = (value) => createHmac("sha256", hashKey).update(value).digest();

class OAuthError extends Error {
  constructor(status, error) {
    super(error);
    this.status = status;
  }
}

function send(res, status, body) {
  res.writeHead(status, NO_STORE);
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > MAX_BODY) return reject(new OAuthError(413, "invalid_request"));
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY) reject(new OAuthError(413, "invalid_request"));
      else chunks.push(c);
    });
    req.on("end", () => resolve(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))));
    req.on("error", reject);
  });
}

/** HTTP Basic (RFC 6749 §2.3.1, form-decoded), checked against the account row. */
async function authenticate(req) {
  const [scheme, value] = (req.headers.authorization ?? "").split(" ");
  if (scheme?.toLowerCase() !== "basic" || !value) throw new OAuthError(401, "invalid_client");
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw new OAuthError(401, "invalid_client");
  const clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " "));
  const secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " "));
  const account = await store.findAccount(clientId);
  const presented = hmac(secret);
  const stored = Buffer.from(account?.secret_hmac ?? "0".repeat(64), "hex");
  if (!account || !timingSafeEqual(presented, stored) || account.status !== "ACTIVE") throw new OAuthError(401, "invalid_client");
  return account;
}

async function signToken(account, scopes, audiences, now = Math.floor(Date.now() / 1000)) {
  const jti = randomBytes(16).toString("base64url");
  const token = await new SignJWT({ client_id: account.client_id, scope: scopes.join(" "), org_id: account.org_id })
    .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid })
    .setIssuer(ISSUER)
    .setSubject(account.client_id)
    .setAudience(audiences.length === 1 ? audiences[0] : audiences)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .setJti(jti)
    .sign(privateKey);
  return { token, jti };
}

async function token(req, res) {
  const form = await readForm(req);
  const account = await authenticate(req);
  if (form.get("grant_type") !== "client_credentials") throw new OAuthError(400, "unsupported_grant_type");
  const held = account.scopes.split(" ");
  const asked = form.get("scope")?.split(" ") ?? held;
  if (asked.some((s) => !held.includes(s))) throw new OAuthError(400, "invalid_scope");
  const { token: accessToken, jti } = await signToken(account, asked, JSON.parse(account.audiences));
  await audit.append({ occurredAt: new Date().toISOString(), action: "token.issued", clientId: account.client_id, jti });
  send(res, 200, { access_token: accessToken, token_type: "Bearer", expires_in: 3600, scope: asked.join(" ") });
}

async function verify(value) {
  try {
    const { payload } = await jwtVerify(value, publicKey, { issuer: ISSUER, algorithms: ["ES256"], typ: "at+jwt", requiredClaims: ["exp", "jti", "sub"] });
    return payload;
  } catch {
    return null;
  }
}

async function introspect(req, res) {
  const form = await readForm(req);
  const caller = await authenticate(req);
  if (!caller.scopes.split(" ").includes(INTROSPECT_SCOPE)) throw new OAuthError(403, "unauthorized_client");
  const value = form.get("token") ?? "";
  if (value.startsWith("tak_")) {
    const key = await store.findApiKey(hmac(value).toString("hex"));
    const now = Date.now();
    const active = key && !key.revoked_at && (!key.expires_at || key.expires_at > now) && key.status === "ACTIVE" && key.org_id === caller.org_id;
    if (!active) return send(res, 200, { active: false });
    return send(res, 200, {
      active: true, token_type: "api_key", client_id: key.client_id, sub: key.client_id, scope: key.scopes,
      aud: JSON.parse(key.audiences), iat: Math.floor(key.created_at / 1000), org_id: key.org_id,
    });
  }
  const claims = await verify(value);
  const state = claims && (await store.tokenState(claims.sub, claims.jti));
  if (!state || state.status !== "ACTIVE" || state.revoked || state.org_id !== caller.org_id) return send(res, 200, { active: false });
  send(res, 200, { active: true, token_type: "Bearer", ...claims });
}

async function revoke(req, res) {
  const form = await readForm(req);
  const caller = await authenticate(req);
  const value = form.get("token") ?? "";
  if (value.startsWith("tak_")) {
    const hash = hmac(value).toString("hex");
    const key = await store.findApiKey(hash);
    if (key?.client_id === caller.client_id) await store.revokeApiKey(hash, Date.now());
  } else {
    const claims = await verify(value);
    if (claims?.client_id === caller.client_id) await store.revoke(claims.jti, claims.exp);
  }
  // Unknown, foreign or already revoked: still 200 (RFC 7009 §2.2).
  send(res, 200);
}

const routes = { "POST /oauth/token": token, "POST /oauth/introspect": introspect, "POST /oauth/revoke": revoke };

const server = createServer(async (req, res) => {
  const route = `${req.method} ${req.url}`;
  if (route === "GET /api/health/live") return send(res, 200, { status: "ok" });
  const handler = routes[route];
  if (!handler) return send(res, 404, { error: "not_found" });
  try {
    await handler(req, res);
  } catch (error) {
    if (error instanceof OAuthError) return send(res, error.status, { error: error.message });
    console.error(error);
    if (!res.headersSent) send(res, 500, { error: "server_error" });
  }
});

async function seed() {
  const seedFile = JSON.parse(readFileSync(process.env.YARDSTICK_SEED, "utf8"));
  const account = (c, scopes) => ({ clientId: c.clientId, secretHmac: hmac(c.clientSecret).toString("hex"), scopes, audiences: '["https://api.example.com"]', orgId: "org_bench" });
  const accounts = [...seedFile.clients.map((c) => account(c, "bench:read")), account(seedFile.introspector, INTROSPECT_SCOPE)];
  const apiKeys = [{ hash: hmac(seedFile.apiKey).toString("hex"), clientId: seedFile.clients[0].clientId, createdAt: Date.now() }];
  await store.init({ accounts, apiKeys });
  const rows = accounts.slice(0, seedFile.clients.length).map((a) => ({ client_id: a.clientId, org_id: a.orgId }));
  const sign = async (i) => (await signToken(rows[i], ["bench:read"], ["https://api.example.com"])).token;
  const introspectTokens = [];
  for (let i = 0; i < rows.length; i++) introspectTokens.push(await sign(i));
  const revokeTokens = [];
  for (let n = 0; n < seedFile.revokeCount; n++) revokeTokens.push({ client: n % rows.length, token: await sign(n % rows.length) });
  writeFileSync(process.env.YARDSTICK_OUT, JSON.stringify({ introspectTokens, revokeTokens }));
}

await seed();
server.listen(PORT, "127.0.0.1", () => console.log(`yardstick ready on ${ISSUER}`));
const stop = () => server.close(async () => {
  await store.close();
  process.exit(0);
});
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
