import type { Command } from "commander";
import { cliActor } from "../../audit/actors";
import { WEBHOOK_EVENT_TYPES } from "../../webhooks/event-types";
import { print, table } from "../output";
import { lazy } from "../lazy";

const createWebhookEndpoint = lazy(() => import("../../webhooks/create-webhook-endpoint"), "createWebhookEndpoint");
const updateWebhookEndpoint = lazy(() => import("../../webhooks/update-webhook-endpoint"), "updateWebhookEndpoint");
const deleteWebhookEndpoint = lazy(() => import("../../webhooks/delete-webhook-endpoint"), "deleteWebhookEndpoint");
const rotateWebhookSecret = lazy(() => import("../../webhooks/rotate-webhook-secret"), "rotateWebhookSecret");
const listWebhookEndpoints = lazy(() => import("../../webhooks/list-webhook-endpoints"), "listWebhookEndpoints");
const listWebhookDeliveries = lazy(() => import("../../webhooks/list-webhook-deliveries"), "listWebhookDeliveries");
const sendTestWebhook = lazy(() => import("../../webhooks/send-test-webhook"), "sendTestWebhook");

const json = ["--json", "machine-readable output"] as const;
const org = ["--org <slug>", "organisation slug"] as const;

export function registerWebhooks(program: Command) {
  const hooks = program.command("webhooks").description("Webhook endpoints (Standard Webhooks) and their delivery log");

  hooks
    .command("create")
    .description("Add an endpoint; prints its signing secret once")
    .requiredOption(...org)
    .requiredOption("--url <url>", "where deliveries are POSTed")
    .option("--events <types>", `comma-separated, default all: ${WEBHOOK_EVENT_TYPES.join(",")}`)
    .option("--description <text>", "what it is for")
    .option("--allow-private", "allow private, loopback and link-local targets on this endpoint (an owner's decision)")
    .option(...json)
    .action(async (o) => {
      const e = await createWebhookEndpoint(cliActor(), o.org, { url: o.url, events: o.events, description: o.description, allowPrivate: Boolean(o.allowPrivate) });
      print(o, { id: e.id, secret: e.secret }, () => [`id:     ${e.id}`, `secret: ${e.secret}`, "Store the secret now: it is not shown again."].join("\n"));
    });

  hooks
    .command("list")
    .description("List endpoints")
    .requiredOption(...org)
    .option(...json)
    .action(async (o) => {
      const rows = await listWebhookEndpoints(cliActor(), o.org);
      print(o, rows, () =>
        table(rows.map((r) => ({ ...r, events: r.events?.join(",") ?? "all", state: r.enabled ? "enabled" : `disabled (${r.disabledReason ?? ""})` })), ["id", "url", "events", "allowPrivate", "state"]),
      );
    });

  hooks
    .command("update <id>")
    .description("Change an endpoint, or disable and enable it")
    .requiredOption(...org)
    .option("--url <url>", "new address")
    .option("--events <types>", 'comma-separated types, or "all"')
    .option("--description <text>", "what it is for")
    .option("--allow-private", "allow private targets (owner)")
    .option("--no-allow-private", "refuse private targets again")
    .option("--enable", "enable (forgets past failures)")
    .option("--disable", "disable (gives up waiting deliveries)")
    .option(...json)
    .action(async (id, o, cmd: Command) => {
      const privateSource = cmd.getOptionValueSource("allowPrivate");
      const result = await updateWebhookEndpoint(cliActor(), o.org, id, {
        url: o.url,
        description: o.description,
        events: o.events === undefined ? undefined : o.events === "all" ? null : o.events,
        allowPrivate: privateSource === "cli" ? Boolean(o.allowPrivate) : undefined,
        enabled: o.enable ? true : o.disable ? false : undefined,
      });
      print(o, result, () => (result.changed ? `Updated ${id}.` : "Nothing to change."));
    });

  hooks
    .command("delete <id>")
    .description("Delete an endpoint and its delivery log")
    .requiredOption(...org)
    .option(...json)
    .action(async (id, o) => print(o, await deleteWebhookEndpoint(cliActor(), o.org, id), () => `Deleted ${id}.`));

  hooks
    .command("rotate-secret <id>")
    .description("New signing secret, printed once; the previous one signs too for 24 h")
    .requiredOption(...org)
    .option(...json)
    .action(async (id, o) => {
      const r = await rotateWebhookSecret(cliActor(), o.org, id);
      print(o, r, () => [`secret: ${r.secret}`, `The previous secret signs too until ${r.previousSecretExpiresAt}.`].join("\n"));
    });

  hooks
    .command("test <id>")
    .description("Queue a webhook.test delivery to this endpoint")
    .requiredOption(...org)
    .option(...json)
    .action(async (id, o) => {
      const r = await sendTestWebhook(cliActor(), o.org, id);
      print(o, r, () => `Queued test message ${r.messageId}; a running server sends it within seconds.`);
    });

  hooks
    .command("deliveries <id>")
    .description("An endpoint's delivery log, newest first")
    .requiredOption(...org)
    .option("--status <status>", "pending, succeeded or failed")
    .option("--limit <n>", "at most this many", "50")
    .option(...json)
    .action(async (id, o) => {
      const rows = await listWebhookDeliveries(cliActor(), o.org, id, { status: o.status, limit: o.limit });
      print(o, rows, () => table(rows, ["createdAt", "type", "status", "attempts", "lastStatusCode", "lastError", "messageId"]));
    });
}
