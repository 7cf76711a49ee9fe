import { execFileSync, spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import * as client from "openid-client";
import * as oauth from "oauth4webapi";
import { ClientCredentials } from "simple-oauth2";
import { createRemoteJWKSet, jwtVerify, decodeJwt } from "jose";
import { e2eCliAsync } from "./support/prepare";

// Black-box conformance, driven by real third-party OAuth clients, through both doors:
// Tessera's own server (which answers the OAuth endpoints before Next.js routes
// the request) and `next start` (the App Router route handlers). The same
// handlers sit behind both, so the same suite must pass against each.
const DOORS = [
  { name: "Tessera's server", base: `http://localhost:${process.env.E2E_PORT ?? 3100}` },
  { name: "next start", base: `http://localhost:${Number(process.env.E2E_PORT ?? 3100) + 2}` },
];
type Created = { clientId: string; clientSecret: string };

const AUTHLIB_SCRIPT = `
import json, sys
from authlib.integrations.requests_client import OAuth2Session
s = OAuth2Session(sys.argv[1], sys.argv[2], token_endpoint_auth_method="client_secret_basic", scope="billing:read")
print(json.dumps(s.fetch_token(sys.argv[3], grant_type="client_credentials")))
`;

for (const { name: door, base: BASE } of DOORS) {
  test.describe(`OAuth conformance through ${door}`, () => {
    test.describe.configure({ mode: "serial" });
    const ORG = `oauth-${Math.random().toString(36).slice(2, 8)}`;
    let billing: Created;
    let gateway: Created;

    test.beforeAll(async () => {
      await e2eCliAsync(["orgs", "create", "--slug", ORG, "--name", "OAuth e2e"]);
      await e2eCliAsync(["scopes", "create", "billing:read", "--org", ORG]);
      await e2eCliAsync(["scopes", "create", "billing:refund", "--org", ORG, "--high-risk"]);
      billing = (await e2eCliAsync([
        "service-accounts", "create", "--org", ORG, "--name", "billing-job",
        "--scope", "billing:read billing:refund", "--audience", "https://billing.example.com https://ledger.example.com", "--ttl", "600",
      ])) as Created;
      gateway = (await e2eCliAsync(["service-accounts", "create", "--org", ORG, "--name", "gateway", "--scope", "tessera:introspect", "--audience", "https://gateway.example.com"])) as Created;
    });

    async function discover(creds: Created, auth: "basic" | "post") {
      return client.discovery(
        new URL(BASE),
        creds.clientId,
        undefined,
        auth === "basic" ? client.ClientSecretBasic(creds.clientSecret) : client.ClientSecretPost(creds.clientSecret),
        { algorithm: "oauth2", execute: [client.allowInsecureRequests] },
      );
    }

    test("openid-client: discovery, client_credentials (basic and post), introspection, revocation", async () => {
      const config = await discover(billing, "basic");
      const meta = config.serverMetadata();
      expect(meta.issuer).toBe(BASE);
      expect(meta.grant_types_supported).toEqual(["client_credentials"]);
      expect(meta.token_endpoint_auth_methods_supported).toEqual(["client_secret_basic", "client_secret_post"]);

      const basic = await client.clientCredentialsGrant(config, { scope: "billing:read", resource: "https://billing.example.com" });
      expect(basic.token_type).toBe("bearer");
      expect(basic.scope).toBe("billing:read");
      const post = await client.clientCredentialsGrant(await discover(billing, "post"));
      expect(post.scope).toBe("billing:read billing:refund");

      const gw = await discover(gateway, "basic");
      const active = await client.tokenIntrospection(gw, basic.access_token);
      expect(active).toMatchObject({ active: true, client_id: billing.clientId, scope: "billing:read" });

      await client.tokenRevocation(config, basic.access_token);
      expect(await client.tokenIntrospection(gw, basic.access_token)).toEqual({ active: false });
      expect((await client.tokenIntrospection(gw, post.access_token)).active).toBe(true);
    });

    test("oauth4webapi validates issued tokens as RFC 9068 access tokens; the wrong audience is refused", async () => {
      const config = await discover(billing, "basic");
      const { access_token } = await client.clientCredentialsGrant(config, { resource: "https://ledger.example.com" });
      const as = await oauth.processDiscoveryResponse(
        new URL(BASE),
        await oauth.discoveryRequest(new URL(BASE), { algorithm: "oauth2", [oauth.allowInsecureRequests]: true }),
      );
      const request = new Request("https://ledger.example.com/entries", { headers: { authorization: `Bearer ${access_token}` } });
      const claims = await oauth.validateJwtAccessToken(as, request, "https://ledger.example.com", { [oauth.allowInsecureRequests]: true });
      expect(claims).toMatchObject({ client_id: billing.clientId, sub: billing.clientId, iss: BASE });

      // A resource server for another audience (jose + remote JWKS) refuses it.
      const jwksSet = createRemoteJWKSet(new URL(`${BASE}/.well-known/jwks.json`));
      // Refused for its audience, and for nothing else: signature, issuer and type all hold.
      await expect(jwtVerify(access_token, jwksSet, { issuer: BASE, audience: "https://billing.example.com", typ: "at+jwt" })).rejects.toMatchObject({
        code: "ERR_JWT_CLAIM_VALIDATION_FAILED",
        claim: "aud",
        reason: "check_failed",
      });
      await expect(jwtVerify(access_token, jwksSet, { issuer: BASE, audience: "https://ledger.example.com", typ: "at+jwt" })).resolves.toBeTruthy();
    });

    test("simple-oauth2 gets a token with Basic authentication", async () => {
      const cc = new ClientCredentials({
        client: { id: billing.clientId, secret: billing.clientSecret },
        auth: { tokenHost: BASE, tokenPath: "/oauth/token" },
        options: { authorizationMethod: "header" },
      });
      const token = await cc.getToken({ scope: "billing:refund" });
      expect(token.token.scope).toBe("billing:refund");
      expect(decodeJwt(token.token.access_token as string).client_id).toBe(billing.clientId);
    });

    test("Python authlib gets a token", () => {
      const r = spawnSync("/usr/bin/python3", ["-c", AUTHLIB_SCRIPT, billing.clientId, billing.clientSecret, `${BASE}/oauth/token`], {
        encoding: "utf8",
        env: { ...process.env, AUTHLIB_INSECURE_TRANSPORT: "1" },
      });
      expect(r.stderr).toBe("");
      expect(JSON.parse(r.stdout)).toMatchObject({ token_type: "Bearer", scope: "billing:read", expires_in: 600 });
    });

    test("curl: a token request and the RFC 6749 error shape", () => {
      const ok = execFileSync("curl", ["-sS", "-u", `${billing.clientId}:${billing.clientSecret}`, "-d", "grant_type=client_credentials", `${BASE}/oauth/token`], { encoding: "utf8" });
      expect(JSON.parse(ok)).toMatchObject({ token_type: "Bearer", expires_in: 600 });
      const bad = execFileSync(
        "curl",
        ["-sS", "-i", "-u", `${billing.clientId}:tss_wrong`, "-d", "grant_type=client_credentials", `${BASE}/oauth/token`],
        { encoding: "utf8" },
      );
      expect(bad).toMatch(/^HTTP\/1\.1 401/);
      expect(bad).toMatch(/www-authenticate: Basic realm="tessera"/i);
      expect(bad).toMatch(/cache-control: no-store/i);
      expect(bad).toContain('"error":"invalid_client"');
    });

    test("JWKS and metadata are public and cacheable, and JWKS holds public parameters only", async ({ request }) => {
      const jwks = await request.get(`${BASE}/.well-known/jwks.json`);
      expect(jwks.headers()["cache-control"]).toMatch(/public/);
      const { keys } = await jwks.json();
      expect(keys.length).toBeGreaterThan(0);
      for (const k of keys) expect(Object.keys(k)).not.toContain("d");
      expect((await request.get(`${BASE}/.well-known/oauth-authorization-server`)).headers()["cache-control"]).toMatch(/public/);
    });
  });
}
