import type { Command } from "commander";
import { cliActor } from "../../audit/actors";
import { print, table } from "../output";
import { lazy } from "../lazy";

const listScopes = lazy(() => import("../../scopes/list-scopes"), "listScopes");
const createScope = lazy(() => import("../../scopes/create-scope"), "createScope");

export function registerScopes(program: Command) {
  const scopes = program.command("scopes").description("The organisation's scope catalog");

  scopes
    .command("list")
    .description("List the scope catalog")
    .requiredOption("--org <slug>", "organisation slug")
    .option("--json", "machine-readable output")
    .action(async (o) => {
      const rows = await listScopes(cliActor(), o.org);
      const data = rows.map(({ name, description, highRisk, reserved, holders }) => ({ name, description, highRisk, reserved, holders }));
      print(o, data, () => table(data.map((r) => ({ ...r, highRisk: r.highRisk ? "HIGH-RISK" : "" })), ["name", "highRisk", "holders", "description"]));
    });

  scopes
    .command("create <name>")
    .description("Add a scope (any OAuth scope-token: billing:read, billing.read, read:users) to the catalog")
    .requiredOption("--org <slug>", "organisation slug")
    .option("--description <text>", "what it allows", "")
    .option("--high-risk", "mark as high-risk (confirmed when granted)")
    .option("--json", "machine-readable output")
    .action(async (name, o) => {
      const scope = await createScope(cliActor(), o.org, { name, description: o.description, highRisk: Boolean(o.highRisk) });
      print(o, { name: scope.name, description: scope.description, highRisk: scope.highRisk }, () => `Created scope ${scope.name}.`);
    });
}
