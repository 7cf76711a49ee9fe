import type { Command } from "commander";
import { cliActor } from "../../audit/types";
import { verifyAuditChain } from "../../audit/verify-audit-chain";
import { print } from "../output";

export function registerAudit(program: Command) {
  const audit = program.command("audit").description("The tamper-evident audit trail");

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
