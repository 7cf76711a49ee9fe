import type { Command } from "commander";
import { cliActor } from "../../audit/actors";
import { AppError } from "../../errors";
import { pendingLine } from "../describe-change-request";
import { print, table } from "../output";
import { lazy } from "../lazy";

const userIdByEmail = lazy(() => import("../../users/user-id-by-email"), "userIdByEmail");
const createOrganization = lazy(() => import("../../orgs/create-organization"), "createOrganization");
const listAllOrganizations = lazy(() => import("../../orgs/list-organizations"), "listAllOrganizations");
const getOrganizationSettings = lazy(() => import("../../orgs/get-organization-settings"), "getOrganizationSettings");
const updateOrganizationSettings = lazy(() => import("../../orgs/update-organization-settings"), "updateOrganizationSettings");

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

  orgs
    .command("settings")
    .description("Show or change an organisation's settings; turning approval off while it is on is itself a change request")
    .requiredOption("--org <slug>", "organisation slug")
    .option("--require-approval <on|off>", "four-eyes approval of high-risk grants, API keys carrying them and reactivations")
    .option("--review-cadence <days>", "days between access reviews (7 to 730; default 90)")
    .option("--json", "machine-readable output")
    .action(async (o) => {
      const change = {
        ...(o.requireApproval === undefined ? {} : { requireApproval: onOff(o.requireApproval, "--require-approval") }),
        ...(o.reviewCadence === undefined ? {} : { reviewCadenceDays: o.reviewCadence }),
      };
      const result = Object.keys(change).length === 0 ? { settings: await getOrganizationSettings(cliActor(), o.org) } : await updateOrganizationSettings(cliActor(), o.org, change);
      const changeRequest = "changeRequest" in result ? result.changeRequest : undefined;
      const { requireApproval, reviewCadenceDays } = result.settings;
      const slug = String(o.org).toLowerCase();
      print(o, { slug, requireApproval, reviewCadenceDays, ...(changeRequest ? { changeRequest } : {}) }, () =>
        [`require approval: ${requireApproval ? "on" : "off"}`, `review cadence: ${reviewCadenceDays} days`, ...(changeRequest ? [pendingLine(changeRequest, slug)] : [])].join("\n"),
      );
    });
}

function onOff(value: string, flag: string): boolean {
  if (value === "on") return true;
  if (value === "off") return false;
  throw new AppError("bad_request", `${flag} takes on or off`);
}
