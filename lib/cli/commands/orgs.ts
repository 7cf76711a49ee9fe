import type { Command } from "commander";
import { db } from "../../db";
import { AppError } from "../../errors";
import { cliActor } from "../../audit/types";
import { createOrganization } from "../../orgs/create-organization";
import { listAllOrganizations } from "../../orgs/list-organizations";
import { getOrganizationSettings } from "../../orgs/get-organization-settings";
import { updateOrganizationSettings } from "../../orgs/update-organization-settings";
import { pendingLine } from "../describe-change-request";
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

  orgs
    .command("settings")
    .description("Show or change an organisation's settings; turning approval off while it is on is itself a change request")
    .requiredOption("--org <slug>", "organisation slug")
    .option("--require-approval <on|off>", "four-eyes approval of high-risk grants, API keys carrying them and reactivations")
    .option("--json", "machine-readable output")
    .action(async (o) => {
      const value = o.requireApproval === undefined ? undefined : onOff(o.requireApproval, "--require-approval");
      const result = value === undefined ? { settings: await getOrganizationSettings(cliActor(), o.org) } : await updateOrganizationSettings(cliActor(), o.org, { requireApproval: value });
      const changeRequest = "changeRequest" in result ? result.changeRequest : undefined;
      print(o, { ...result.settings, ...(changeRequest ? { changeRequest } : {}) }, () =>
        changeRequest ? pendingLine(changeRequest, o.org) : `require approval: ${result.settings.requireApproval ? "on" : "off"}`,
      );
    });
}

function onOff(value: string, flag: string): boolean {
  if (value === "on") return true;
  if (value === "off") return false;
  throw new AppError("bad_request", `${flag} takes on or off`);
}
