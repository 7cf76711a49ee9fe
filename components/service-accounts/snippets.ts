/**
 * Ready-to-paste configuration for a freshly issued client secret. Pure
 * functions of the values the Server Action returned once; the result lives
 * only in the browser, like the secret itself.
 */
export interface SnippetInput {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  audiences: string[];
  accountName: string;
}

/** Space-separated, as the token endpoint's `audience` parameter expects. */
const audienceParam = (audiences: string[]) => audiences.join(" ");

/**
 * A POSIX shell single-quoted word: nothing inside is expanded, and a quote
 * in the value closes, escapes and reopens. Used for every value in the
 * .env and curl snippets, which are meant to be sourced or pasted into a
 * shell; a double-quoted value would run `$(...)` or backticks.
 */
export const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export function envSnippet(s: SnippetInput): string {
  return [
    `TESSERA_TOKEN_URL=${shellQuote(s.tokenUrl)}`,
    `TESSERA_CLIENT_ID=${shellQuote(s.clientId)}`,
    `TESSERA_CLIENT_SECRET=${shellQuote(s.clientSecret)}`,
    `TESSERA_AUDIENCE=${shellQuote(audienceParam(s.audiences))}`,
    "",
  ].join("\n");
}

export function curlSnippet(s: SnippetInput): string {
  const audience = audienceParam(s.audiences);
  // Plain -d is fine for URL-safe values; anything else (several audiences,
  // query strings) must be form-encoded or the server reads another value.
  // Quoted either way: unquoted, `:~` in a path would be tilde-expanded.
  const audienceFlag = /^[A-Za-z0-9._~:/-]+$/.test(audience)
    ? `-d ${shellQuote(`audience=${audience}`)}`
    : `--data-urlencode ${shellQuote(`audience=${audience}`)}`;
  return [
    `curl -sS -X POST ${shellQuote(s.tokenUrl)} \\`,
    `  -u ${shellQuote(`${s.clientId}:${s.clientSecret}`)} \\`,
    `  -d grant_type=client_credentials \\`,
    `  ${audienceFlag}`,
    "",
  ].join("\n");
}

/** The secret is read from the environment: source code is the wrong place to keep it. */
export function nodeSnippet(s: SnippetInput): string {
  return `// Node 18+: fetches a Tessera access token and reuses it until 60 s before it expires.
// Put TESSERA_CLIENT_SECRET in the environment (see the .env tab), never in source code.
const TOKEN_URL = process.env.TESSERA_TOKEN_URL ?? ${JSON.stringify(s.tokenUrl)};
const CLIENT_ID = process.env.TESSERA_CLIENT_ID ?? ${JSON.stringify(s.clientId)};
const CLIENT_SECRET = process.env.TESSERA_CLIENT_SECRET;
const AUDIENCE = process.env.TESSERA_AUDIENCE ?? ${JSON.stringify(audienceParam(s.audiences))};

let cached = null; // { token, expiresAt } in epoch milliseconds
let pending = null; // one request in flight, shared by concurrent callers

export async function getAccessToken() {
  if (cached && Date.now() < cached.expiresAt - 60_000) return cached.token;
  pending ??= requestToken().finally(() => { pending = null; });
  return pending;
}

async function requestToken() {
  const basic = Buffer.from(\`\${encodeURIComponent(CLIENT_ID)}:\${encodeURIComponent(CLIENT_SECRET)}\`).toString("base64");
  const response = await fetch(TOKEN_URL, {
    method: "POST",
    headers: { authorization: \`Basic \${basic}\`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", audience: AUDIENCE }),
  });
  if (!response.ok) throw new Error(\`Tessera token request failed: \${response.status} \${await response.text()}\`);
  const { access_token, expires_in } = await response.json();
  cached = { token: access_token, expiresAt: Date.now() + expires_in * 1000 };
  return access_token;
}

// Usage:
// const token = await getAccessToken();
// await fetch("https://billing.example.com/v1/invoices", { headers: { authorization: \`Bearer \${token}\` } });
`;
}

/** A Kubernetes object name: lower-case alphanumerics and hyphens, at most 63 characters. */
export function kubernetesName(accountName: string): string {
  const slug = accountName.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return `tessera-${slug || "service-account"}`.slice(0, 63).replace(/-+$/, "");
}

/**
 * A YAML double-quoted scalar. JSON's escaping is YAML's too; everything
 * outside printable ASCII is escaped as well, because YAML forbids raw
 * DEL and C1 controls and may read U+0085, U+2028 and U+2029 as line breaks.
 */
export function yamlQuote(value: string): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/gu, (c) => {
    const cp = c.codePointAt(0)!;
    return cp > 0xffff ? `\\U${cp.toString(16).padStart(8, "0")}` : `\\u${cp.toString(16).padStart(4, "0")}`;
  });
}

export function kubernetesSnippet(s: SnippetInput): string {
  return [
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    `  name: ${kubernetesName(s.accountName)}`,
    "type: Opaque",
    "stringData:",
    `  TESSERA_TOKEN_URL: ${yamlQuote(s.tokenUrl)}`,
    `  TESSERA_CLIENT_ID: ${yamlQuote(s.clientId)}`,
    `  TESSERA_CLIENT_SECRET: ${yamlQuote(s.clientSecret)}`,
    `  TESSERA_AUDIENCE: ${yamlQuote(audienceParam(s.audiences))}`,
    "",
  ].join("\n");
}
