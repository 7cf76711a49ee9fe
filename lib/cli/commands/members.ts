import type { Command } from "commander";
import { cliActor } from "../../audit/actors";
import { print, table } from "../output";
import { lazy } from "../lazy";

const addMember = lazy(() => import("../../members/add-member"), "addMember");
const listMembers = lazy(() => import("../../members/list-members"), "listMembers");

export function registerMembers(program: Command) {
  const members = program.command("members").description("Members of an organisation");

  members
    .command("list")
    .description("List the members of an organisation")
    .requiredOption("--org <slug>", "organisation slug")
    .option("--json", "machine-readable output")
    .action(async (o) => {
      const { members: rows } = await listMembers(cliActor(), o.org);
      const data = rows.map((m) => ({ email: m.email, name: m.name, role: m.role, joinedAt: m.joinedAt }));
      print(o, data, () => table(data, ["email", "name", "role", "joinedAt"]));
    });

  members
    .command("add")
    .description("Give a user a role; someone without an account gets a one-time invitation link")
    .requiredOption("--org <slug>", "organisation slug")
    .requiredOption("--email <email>", "the person's email")
    .requiredOption("--role <role>", "OWNER, ADMIN or REVIEWER")
    .option("--json", "machine-readable output")
    .action(async (o) => {
      const result = await addMember(cliActor(), o.org, { email: o.email, role: String(o.role).toUpperCase() as "ADMIN" });
      print(o, result, () =>
        result.status === "added"
          ? `Added ${result.email} as ${result.role}.`
          : `${result.email} has no account yet. Send them this one-time link (expires ${result.expiresAt.toISOString()}):\n${result.invitationUrl}`,
      );
    });
}
