import type { Command } from "commander";
import { cliActor } from "../../audit/actors";
import { parseDuration } from "../../duration";
import { AppError, isAppError } from "../../errors";
import { print, table } from "../output";
import { pendingLine } from "../describe-change-request";
import { lazy } from "../lazy";

const listServiceAccounts = lazy(() => import("../../service-accounts/list-service-accounts"), "listServiceAccounts");
const getServiceAccount = lazy(() => import("../../service-accounts/get-service-account"), "getServiceAccount");
const createServiceAccount = lazy(() => import("../../service-accounts/create-service-account"), "createServiceAccount");
const setServiceAccountOwner = lazy(() => import("../../service-accounts/set-service-account-owner"), "setServiceAccountOwner");
const updateServiceAccount = lazy(() => import("../../service-accounts/update-service-account"), "updateServiceAccount");
const activateServiceAccount = lazy(() => import("../../service-accounts/set-service-account-status"), "activateServiceAccount");
const deactivateServiceAccount = lazy(() => import("../../service-accounts/set-service-account-status"), "deactivateServiceAccount");
const deleteServiceAccount = lazy(() => import("../../service-accounts/delete-service-account"), "deleteServiceAccount");
const rotateClientSecret = lazy(() => import("../../service-accounts/rotate-client-secret"), "rotateClientSecret");
const revokeClientSecret = lazy(() => import("../../service-accounts/revoke-client-secret"), "revokeClientSecret");
const orgForClientId = lazy(() => import("../resolve-org"), "orgForClientId");

const json = ["--json", "machine-readable output"] as const;
const org = ["--org <slug>", "organisation slug (optional where the client id names it)"] as const;

const grantFor = ["--for <duration>", "time-box the scopes this adds: 30m, 8h, 7d (removed by themselves then; counted from approval when one is needed)"] as const;

/** `--for 8h` as seconds (undefined when absent). */
function grantForSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseDuration(text);
  } catch (e) {
    throw new AppError("bad_request", `--for: ${(e as Error).message}`);
  }
}

/** The fields PRODUCT.md fixes for `--json` output of a service account. */
function accountJson(a: { clientId: string; name: string; scopes: (string | { name: string })[]; audiences: string[]; tokenTtlSeconds: number; status: string }) {
  return {
    clientId: a.clientId,
    name: a.name,
    scopes: a.scopes.map((s) => (typeof s === "string" ? s : s.name)),
    audiences: a.audiences,
    tokenTtlSeconds: a.tokenTtlSeconds,
    status: a.status,
  };
}

export function registerServiceAccounts(program: Command) {
  const sa = program.command("service-accounts").alias("sa").description("Service accounts and their client secrets");

  sa.command("list")
    .description("List service accounts")
    .requiredOption("--org <slug>", "organisation slug")
    .option("--search <text>", "name, client id or description contains")
    .option("--status <status>", "ACTIVE or DISABLED")
    .option("--scope <scope>", "holding this scope")
    .option("--audience <audience>", "with this audience")
    .option(...json)
    .action(async (o) => {
      const rows: ReturnType<typeof accountJson>[] = [];
      for (let page = 1; ; page++) {
        const result = await listServiceAccounts(cliActor(), o.org, {
          q: o.search, status: o.status?.toUpperCase(), scope: o.scope, audience: o.audience, page, pageSize: 100,
        });
        rows.push(...result.rows.map(accountJson));
        if (page * result.pageSize >= result.total) break;
      }
      print(o, rows, () =>
        table(rows.map((r) => ({ ...r, scopes: r.scopes.join(" "), audiences: r.audiences.join(" ") })), ["clientId", "name", "status", "scopes", "audiences", "tokenTtlSeconds"]),
      );
    });

  sa.command("show <clientId>")
    .description("Show one service account with its secrets and API keys (hints only)")
    .option(...org)
    .option(...json)
    .action(async (clientId, o) => {
      const detail = await getServiceAccount(cliActor(), await orgForClientId(o.org, clientId), clientId);
      const data = { ...accountJson(detail.account), description: detail.account.description, ownerEmail: detail.account.ownerEmail, createdAt: detail.account.createdAt, lastUsedAt: detail.account.lastUsedAt, secrets: detail.secrets, apiKeys: detail.apiKeys };
      print(o, data, () =>
        [
          `${data.name} (${data.clientId}) ${data.status}`,
          `scopes: ${data.scopes.join(" ") || "-"}`,
          `audiences: ${data.audiences.join(" ")}`,
          `token lifetime: ${data.tokenTtlSeconds} s`,
          `owner: ${data.ownerEmail ?? "-"}`,
          "",
          "secrets:",
          table(detail.secrets.map((s) => ({ ...s, hint: `…${s.hint}` })), ["id", "hint", "status", "createdAt", "expiresAt", "lastUsedAt"]),
          "",
          "api keys:",
          table(detail.apiKeys.map((k) => ({ ...k, hint: `…${k.hint}` })), ["id", "name", "hint", "status", "expiresAt", "lastUsedAt"]),
        ].join("\n"),
      );
    });

  sa.command("create")
    .description("Create a service account; prints its client id and secret (shown once)")
    .requiredOption("--org <slug>", "organisation slug")
    .requiredOption("--name <name>", "unique name in the organisation")
    .option("--description <text>", "what it is for")
    .option("--scope <scopes>", 'space-separated scopes from the catalog, e.g. "billing:read billing:write"', "")
    .requiredOption("--audience <audiences>", 'space-separated audiences, e.g. "https://billing.example.com"')
    .option("--ttl <seconds>", "access token lifetime, 60 to 86400", "3600")
    .option(...grantFor)
    .option(...json)
    .action(async (o) => {
      const created = await createServiceAccount(cliActor(), o.org, {
        name: o.name, description: o.description, scopes: o.scope, audiences: o.audience, tokenTtlSeconds: o.ttl, grantForSeconds: grantForSeconds(o.for),
      });
      // With approval on, high-risk scopes wait: the account and its secret exist now, and the JSON says what waits.
      const { changeRequest } = created;
      print(o, { ...accountJson(created), clientSecret: created.clientSecret, secretId: created.secretId, ...(changeRequest ? { changeRequest } : {}) }, () =>
        [
          `Created ${created.name}.`,
          `clientId:     ${created.clientId}`,
          `clientSecret: ${created.clientSecret}`,
          "Store the secret now: it is not shown again.",
          ...(changeRequest ? [pendingLine(changeRequest, o.org)] : []),
        ].join("\n"),
      );
    });

  sa.command("update <clientId>")
    .description("Change name, description, scopes, audiences, token lifetime or owner")
    .option(...org)
    .option("--name <name>", "new name")
    .option("--description <text>", "new description")
    .option("--scope <scopes>", "replace the scopes (space-separated; \"\" for none)")
    .option("--audience <audiences>", "replace the audiences (space-separated)")
    .option("--ttl <seconds>", "access token lifetime, 60 to 86400")
    .option(...grantFor)
    .option("--owner <email>", 'the member who answers for it in access reviews ("none" for nobody)')
    .option(...json)
    .action(async (clientId, o) => {
      const slug = await orgForClientId(o.org, clientId);
      const fields = { name: o.name, description: o.description, scopes: o.scope, audiences: o.audience, tokenTtlSeconds: o.ttl, grantForSeconds: grantForSeconds(o.for) };
      let changed = false;
      let changeRequest: Awaited<ReturnType<typeof updateServiceAccount>>["changeRequest"];
      // The owner first: it never waits, and set after a change that waits it would make that request stale.
      if (o.owner !== undefined) {
        changed = (await setServiceAccountOwner(cliActor(), slug, clientId, { ownerEmail: o.owner === "none" ? null : o.owner })).changed;
      }
      if (Object.values(fields).some((v) => v !== undefined) || o.owner === undefined) {
        const result = await updateServiceAccount(cliActor(), slug, clientId, fields);
        changed ||= result.changed;
        changeRequest = "changeRequest" in result ? result.changeRequest : undefined;
      }
      const detail = await getServiceAccount(cliActor(), slug, clientId);
      print(o, { ...accountJson(detail.account), ...(changeRequest ? { changeRequest } : {}) }, () =>
        // A new owner applies at once even while the rest waits for approval.
        changeRequest ? [...(changed ? [`Updated ${detail.account.name}.`] : []), pendingLine(changeRequest, slug)].join("\n") : changed ? `Updated ${detail.account.name}.` : "Nothing to change.",
      );
    });

  for (const [verb, fn, done] of [
    ["deactivate", deactivateServiceAccount, "Deactivated: its secrets, API keys and tokens stop working now."],
    ["activate", activateServiceAccount, "Reactivated: unexpired secrets and API keys work again."],
  ] as const) {
    sa.command(`${verb} <clientId>`)
      .description(verb === "deactivate" ? "Stop every credential and token of the account at once" : "Reactivate a deactivated account")
      .option(...org)
      .option(...json)
      .action(async (clientId, o) => {
        const slug = await orgForClientId(o.org, clientId);
        const result = await fn(cliActor(), slug, clientId);
        const detail = await getServiceAccount(cliActor(), slug, clientId);
        const changeRequest = "changeRequest" in result ? result.changeRequest : undefined;
        print(o, { ...accountJson(detail.account), ...(changeRequest ? { changeRequest } : {}) }, () =>
          changeRequest ? pendingLine(changeRequest, slug) : `${detail.account.name}: ${done}`,
        );
      });
  }

  sa.command("delete <clientId>")
    .description("Delete the account and its credentials (its audit history stays)")
    .option(...org)
    .option(...json)
    .action(async (clientId, o) => {
      await deleteServiceAccount(cliActor(), await orgForClientId(o.org, clientId), clientId);
      print(o, { clientId, deleted: true }, () => `Deleted ${clientId}.`);
    });

  sa.command("rotate-secret <clientId>")
    .description("Issue a new secret; the previous one stays valid for the grace period")
    .option(...org)
    .option("--grace <duration>", "how long the previous secret keeps working: 0, 30m, 24h, 7d (max 30d)", "24h")
    .option("--revoke-oldest", "when two secrets are valid, revoke the oldest now")
    .option(...json)
    .action(async (clientId, o) => {
      let graceSeconds: number;
      try {
        graceSeconds = parseDuration(o.grace);
      } catch (e) {
        throw new AppError("bad_request", (e as Error).message);
      }
      const result = await rotateClientSecret(cliActor(), await orgForClientId(o.org, clientId), clientId, { graceSeconds, revokeOldest: Boolean(o.revokeOldest) }).catch(
        (e: unknown) => {
          // The domain does not know about flags; the CLI names the one that resolves it.
          throw isAppError(e) && e.code === "conflict" && !o.revokeOldest ? new AppError("conflict", `${e.userMessage} (--revoke-oldest)`) : e;
        },
      );
      print(o, result, () =>
        [
          `clientSecret: ${result.clientSecret}`,
          `secretId:     ${result.secretId}`,
          result.previousSecretExpiresAt ? `The previous secret works until ${result.previousSecretExpiresAt}.` : "There was no previous valid secret.",
          "Store the secret now: it is not shown again.",
        ].join("\n"),
      );
    });

  sa.command("revoke-secret <clientId> <secretId>")
    .description("Revoke one client secret now")
    .option(...org)
    .option(...json)
    .action(async (clientId, secretId, o) => {
      const result = await revokeClientSecret(cliActor(), await orgForClientId(o.org, clientId), clientId, secretId);
      print(o, result, () => `Revoked secret ${secretId}.`);
    });
}
