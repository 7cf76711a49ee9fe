// A real OpenID Provider (node-oidc-provider) for the OIDC sign-in journey.
// Its development interactions accept any login name; the account's email
// is <login>@oidc.example.test and is marked verified.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 3101);
const issuer = `http://127.0.0.1:${port}`;
const appUrl = process.env.OIDC_APP_URL ?? "http://localhost:3100";

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "tessera-e2e",
      client_secret: "tessera-e2e-secret-tessera-e2e-secret",
      redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  pkce: { required: () => true },
  // Put the requested claims (email, email_verified) into the ID token, which is what Auth.js reads.
  conformIdTokenClaims: false,
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: `${id}@oidc.example.test`, email_verified: true, name: `OIDC ${id}` };
      },
    };
  },
  cookies: { keys: ["e2e-cookie-key-not-secret"] },
});
provider.proxy = false;

provider.listen(port, "127.0.0.1", () => {
  process.stdout.write(`test OIDC provider on ${issuer}\n`);
});

// Say why a grant failed: the relying party only ever sees "invalid_grant".
for (const event of ["grant.error", "server_error", "authorization.error"]) {
  provider.on(event, (_ctx, error) => process.stderr.write(`[oidc] ${event}: ${error.message} ${error.error_detail ?? ""}\n`));
}
