import type { Command } from "commander";
import { cliActor } from "../../audit/actors";
import { print, table } from "../output";
import { pendingLine } from "../describe-change-request";
import { lazy } from "../lazy";

const createApiKey = lazy(() => import("../../api-keys/create-api-key"), "createApiKey");
const revokeApiKey = lazy(() => import("../../api-keys/revoke-api-key"), "revokeApiKey");
const getServiceAccount = lazy(() => import("../../service-accounts/get-service-account"), "getServiceAccount");
const orgForClientId = lazy(() => import("../resolve-org"), "orgForClientId");

export function registerApiKeys(program: Command) {
  const keys = program.command("api-keys").description("API keys of service accounts (for integrations that cannot do OAuth)");

  keys
    .command("create <clientId>")
    .description("Issue an API key; prints it once")
    .option("--org <slug>", "organisation slug (optional)")
    .requiredOption("--name <name>", "what the key is for")
    .option("--expires-in-days <days>", "days until it expires, or \"never\"", "90")
    .option("--scope <scopes>", "space-separated subset of the account's scopes (default: all)")
    .option("--json", "machine-readable output")
    .action(async (clientId, o) => {
      const slug = await orgForClientId(o.org, clientId);
      const expiresInDays = o.expiresInDays === "never" ? null : o.expiresInDays;
      const key = await createApiKey(cliActor(), slug, clientId, { name: o.name, expiresInDays, scopes: o.scope });
      // A key carrying a high-risk scope waits for approval: shown now, working once approved.
      const { changeRequest } = key;
      print(o, { id: key.id, apiKey: key.apiKey, expiresAt: key.expiresAt, ...(changeRequest ? { changeRequest } : {}) }, () =>
        [
          `apiKey:    ${key.apiKey}`,
          `id:        ${key.id}`,
          `expiresAt: ${key.expiresAt ?? "never"}`,
          "Store the key now: it is not shown again.",
          ...(changeRequest ? [`It works once approved. ${pendingLine(changeRequest, slug)}`] : []),
        ].join("\n"),
      );
    });

  keys
    .command("list <clientId>")
    .description("List a service account's API keys (hints only)")
    .option("--org <slug>", "organisation slug (optional)")
    .option("--json", "machine-readable output")
    .action(async (clientId, o) => {
      const { apiKeys } = await getServiceAccount(cliActor(), await orgForClientId(o.org, clientId), clientId);
      print(o, apiKeys, () => table(apiKeys.map((k) => ({ ...k, hint: `…${k.hint}`, scopes: k.scopes?.join(" ") ?? "all" })), ["id", "name", "hint", "status", "scopes", "expiresAt", "lastUsedAt"]));
    });

  keys
    .command("revoke <keyId>")
    .description("Revoke an API key now")
    .option("--org <slug>", "organisation slug (optional)")
    .option("--json", "machine-readable output")
    .action(async (keyId, o) => {
      const result = await revokeApiKey(cliActor(), o.org ?? null, keyId);
      print(o, result, () => `Revoked API key ${keyId}.`);
    });
}
