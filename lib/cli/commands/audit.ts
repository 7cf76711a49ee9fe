import type { Command } from "commander";
import { cliActor } from "../../audit/actors";
import { once } from "node:events";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { print, table } from "../output";
import { AppError } from "../../errors";
import { lazy } from "../lazy";

const verifyAuditChain = lazy(() => import("../../audit/verify-audit-chain"), "verifyAuditChain");
const listAuditEvents = lazy(() => import("../../audit/list-audit-events"), "listAuditEvents");
const exportAuditEvents = lazy(() => import("../../audit/export-audit-events"), "exportAuditEvents");
const authorizeOrg = lazy(() => import("../../authz"), "authorizeOrg");
const signAuditCheckpoint = lazy(() => import("../../audit/audit-checkpoint"), "signAuditCheckpoint");
const pruneAuditEvents = lazy(() => import("../../audit/prune-audit-events"), "pruneAuditEvents");
const setAuditRetention = lazy(() => import("../../audit/set-audit-retention"), "setAuditRetention");

/** The filter flags `audit list` and `audit export` share. */
function withFilters(cmd: Command) {
  return cmd
    .requiredOption("--org <slug>", "organisation slug")
    .option("--actor <id>", "actor id or label")
    .option("--actor-type <type>", "user, service_account, api_key, cli or system")
    .option("--action <actions>", "comma-separated actions, e.g. token.denied,service_account.deleted")
    .option("--target <id>", "target id or label")
    .option("--client-id <clientId>", "events by or about this service account")
    .option("--outcome <outcome>", "success or failure")
    .option("--from <time>", "ISO time, inclusive")
    .option("--to <time>", "ISO time, exclusive");
}

const filtersOf = (o: Record<string, string | undefined>) => ({
  actor: o.actor, actorType: o.actorType as never, action: o.action, target: o.target, clientId: o.clientId,
  outcome: o.outcome as never, from: o.from, to: o.to,
});

export function registerAudit(program: Command) {
  const audit = program.command("audit").description("The tamper-evident audit trail");

  withFilters(audit.command("list").description("Show the newest events (keyset pages: pass --cursor to continue)"))
    .option("--limit <n>", "events per page (max 500)", "50")
    .option("--cursor <cursor>", "continue after a previous page")
    .option("--json", "machine-readable output")
    .action(async (o) => {
      const page = await listAuditEvents(cliActor(), o.org, { ...filtersOf(o), limit: o.limit, cursor: o.cursor });
      print(o, page, () =>
        [
          table(page.events.map((e) => ({ ...e, actor: e.actorLabel ?? e.actorType, target: e.targetLabel ?? e.targetId })), ["seq", "occurredAt", "actor", "action", "target", "outcome", "reason"]),
          page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : "",
        ].join(""),
      );
    });

  withFilters(audit.command("export").description("Stream the filtered trail as CSV or JSON Lines (oldest first)"))
    .option("--format <format>", "csv or jsonl", "csv")
    .option("--output <file>", "write to a file instead of standard output")
    .action(async (o) => {
      const { lines } = await exportAuditEvents(cliActor(), o.org, { ...filtersOf(o), format: o.format });
      const out = o.output ? createWriteStream(o.output) : process.stdout;
      for await (const chunk of lines()) {
        if (!out.write(chunk)) await once(out, "drain");
      }
      if (o.output) await new Promise<void>((resolve, reject) => (out as ReturnType<typeof createWriteStream>).end((e?: Error | null) => (e ? reject(e) : resolve())));
    });

  audit
    .command("verify")
    .description("Recompute the organisation's hash chain; exits 1 and names the first broken link when it does not hold")
    .requiredOption("--org <slug>", "organisation slug")
    .option("--anchor <jws-or-file>", "also check against a checkpoint kept outside the database (from `audit checkpoint`)")
    .option("--json", "machine-readable output")
    .action(async (o) => {
      const anchor = o.anchor ? (existsSync(o.anchor) ? readFileSync(o.anchor, "utf8") : o.anchor) : undefined;
      const result = await verifyAuditChain(cliActor(), o.org, { anchor });
      print(o, result, () => {
        if (!result.ok) return `BROKEN at sequence ${result.firstBrokenSeq} (${result.reason}); ${result.checked} events verified before it.`;
        const range = `${result.checked} events verified (sequence ${result.fromSeq} to ${result.throughSeq}).`;
        const anchored = result.anchor
          ? `Anchored through ${result.anchor.seq} by a ${result.anchor.external ? "checkpoint you supplied" : "signed checkpoint"} of ${result.anchor.signedAt}; ${result.unanchored} newer events not yet anchored.`
          : "No signed checkpoint yet: a dropped tail is detected only against the chain head row.";
        return `OK: ${range}\n${anchored}`;
      });
      if (!result.ok) process.exitCode = 1;
    });

  audit
    .command("checkpoint")
    .description("Verify the newest events and sign a checkpoint at the chain head; keep the printed JWS elsewhere and pass it to `verify --anchor`")
    .requiredOption("--org <slug>", "organisation slug")
    .option("--json", "machine-readable output")
    .action(async (o) => {
      const { org } = await authorizeOrg(cliActor(), o.org, "audit:retention");
      const checkpoint = await signAuditCheckpoint(cliActor(), org.id);
      if (!checkpoint) throw new AppError("bad_request", `Organisation "${org.slug}" has no audit events yet`);
      const { seq, hash, kid, jws, createdAt } = checkpoint;
      print(o, { seq, hash, kid, signedAt: createdAt.toISOString(), jws }, () => jws);
    });

  audit
    .command("retention")
    .description("Show or set how long the organisation keeps audit events")
    .requiredOption("--org <slug>", "organisation slug")
    .option("--days <n>", "keep this many days (30 to 3650)")
    .option("--keep-all", "keep every event (the default)")
    .option("--json", "machine-readable output")
    .action(async (o) => {
      if (o.days && o.keepAll) throw new AppError("bad_request", "Give either --days or --keep-all, not both");
      const org =
        o.days || o.keepAll
          ? await setAuditRetention(cliActor(), o.org, { days: o.keepAll ? null : o.days })
          : (await authorizeOrg(cliActor(), o.org, "audit:read")).org;
      const days = org.auditRetentionDays;
      print(o, { org: org.slug, retentionDays: days }, () => (days == null ? "Keeps every audit event." : `Keeps audit events for ${days} days.`));
    });

  audit
    .command("prune")
    .description("Apply the retention setting now (the server also does this every TESSERA_AUDIT_MAINTENANCE_SECONDS)")
    .requiredOption("--org <slug>", "organisation slug")
    .option("--json", "machine-readable output")
    .action(async (o) => {
      const { org } = await authorizeOrg(cliActor(), o.org, "audit:retention");
      const result = await pruneAuditEvents(cliActor(), org);
      print(o, result, () =>
        org.auditRetentionDays == null
          ? "Retention keeps every event; nothing pruned."
          : result.pruned
            ? `Pruned ${result.pruned} events (through sequence ${result.throughSeq}); the chain now starts at a signed checkpoint.`
            : "Nothing is older than the retention period.",
      );
    });
}
