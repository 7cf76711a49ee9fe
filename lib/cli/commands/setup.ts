import type { Command } from "commander";
import { cliActor } from "../../audit/actors";
import { print } from "../output";
import { lazy } from "../lazy";

const setupInstance = lazy(() => import("../../setup/setup-instance"), "setupInstance");
const bootstrapInstance = lazy(() => import("../../setup/bootstrap"), "bootstrapInstance");

export function registerSetup(program: Command) {
  program
    .command("setup")
    .description("First run: create the first owner and organisation (refused once a user exists)")
    .requiredOption("--org-slug <slug>", "organisation slug, e.g. acme")
    .requiredOption("--org-name <name>", "organisation display name")
    .requiredOption("--admin-email <email>", "the owner's email")
    .requiredOption("--admin-password <password>", "the owner's password (12+ characters)")
    .option("--json", "machine-readable output")
    .action(async (o) => {
      const { user, org } = await setupInstance(cliActor(), {
        email: o.adminEmail,
        password: o.adminPassword,
        orgSlug: o.orgSlug,
        orgName: o.orgName,
      });
      print(o, { orgSlug: org.slug, orgName: org.name, adminEmail: user.email, role: "OWNER" }, () =>
        `Created organisation ${org.slug} with owner ${user.email}.`,
      );
    });

  program
    .command("bootstrap", { hidden: true })
    .description("Used by npm start: apply TESSERA_ADMIN_* or print a one-time setup link")
    .option("--json", "machine-readable output")
    .action(async (o) => {
      const result = await bootstrapInstance();
      print(o, result, () =>
        result.kind === "setup-link"
          ? `Create the first owner here (link works once, for 24 h): ${result.url}`
          : result.kind === "created-admin"
            ? `Created owner ${result.email} of organisation ${result.orgSlug}.`
            : "Already set up.",
      );
    });
}
