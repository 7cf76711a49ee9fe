import type { Command } from "commander";
import { cliActor } from "../../audit/actors";
import { print, table } from "../output";
import { lazy } from "../lazy";

const userIdByEmail = lazy(() => import("../../users/user-id-by-email"), "userIdByEmail");
const createOrganization = lazy(() => import("../../orgs/create-organization"), "createOrganization");
const listAllOrganizations = lazy(() => import("../../orgs/list-organizations"), "listAllOrganizations");

export function registerOrgs(program: Command) {
  const orgs = program.command("orgs").description("Organisations");

  orgs
    .command("list")
    .description("List every organisation")
    .option("--json", "machine-readable output")
    .action(async (o) => {
      const rows = await listAllOrganizations();
      print(o, rows, () => table(rows, ["slug", "name", "members", "createdAt"]));
    });

  orgs
    .command("create")
    .description("Create an organisation, optionally with an existing user as owner")
    .requiredOption("--slug <slug>", "URL slug, e.g. acme")
    .requiredOption("--name <name>", "display name")
    .option("--owner-email <email>", "an existing user who becomes OWNER")
    .option("--json", "machine-readable output")
    .action(async (o) => {
      const ownerUserId = o.ownerEmail ? await userIdByEmail(o.ownerEmail) : undefined;
      const org = await createOrganization(cliActor(), { slug: o.slug, name: o.name, ownerUserId });
      print(o, { id: org.id, slug: org.slug, name: org.name }, () => `Created organisation ${org.slug}.`);
    });
}
