import type { Command } from "commander";
import { db } from "../../db";
import { AppError } from "../../errors";
import { cliActor } from "../../audit/types";
import { createOrganization } from "../../orgs/create-organization";
import { listAllOrganizations } from "../../orgs/list-organizations";
import { emailSchema } from "../../schemas/member";
import { parseInput } from "../../validation";
import { print, table } from "../output";

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
      let ownerUserId: string | undefined;
      if (o.ownerEmail) {
        const email = parseInput(emailSchema, o.ownerEmail);
        const user = await db().user.findUnique({ where: { email } });
        if (!user) throw new AppError("not_found", `No user with email ${email}; use "tessera members add" to invite one`);
        ownerUserId = user.id;
      }
      const org = await createOrganization(cliActor(), { slug: o.slug, name: o.name, ownerUserId });
      print(o, { id: org.id, slug: org.slug, name: org.name }, () => `Created organisation ${org.slug}.`);
    });
}
