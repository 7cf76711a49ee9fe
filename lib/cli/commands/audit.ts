import type { Command } from "commander";
import { cliActor } from "../../audit/types";
import { verifyAuditChain } from "../../audit/verify-audit-chain";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { listAuditEvents } from "../../audit/list-audit-events";
import { exportAuditEvents } from "../../audit/export-audit-events";
import { print, table } from "../output";

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
    .option("--json", "machine-readable output")
    .action(async (o) => {
      const result = await verifyAuditChain(cliActor(), o.org);
      const { ok, checked, firstBrokenSeq } = result;
      print(o, { ok, checked, firstBrokenSeq }, () =>
        ok ? `OK: ${checked} events verified.` : `BROKEN at sequence ${firstBrokenSeq} (${result.reason}); ${checked} events verified before it.`,
      );
      if (!ok) process.exitCode = 1;
    });
}
