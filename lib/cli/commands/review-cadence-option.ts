import type { Command } from "commander";
import { cliActor } from "../../audit/actors";
import { AppError } from "../../errors";
import { print } from "../output";
import { lazy } from "../lazy";

const setReviewCadence = lazy(() => import("../../access-reviews/set-review-cadence"), "setReviewCadence");

/**
 * `tessera orgs settings --org S --review-cadence DAYS`: the access review
 * cadence joins the one settings command. When `orgs settings` already
 * exists (the approvals side defines it) the option is added to it and
 * applied before its action runs; otherwise a settings command that knows
 * only this option is created.
 */
export function registerReviewCadenceOption(program: Command) {
  const orgs = program.commands.find((c) => c.name() === "orgs");
  if (!orgs) throw new Error("register the orgs command first");
  let settings = orgs.commands.find((c) => c.name() === "settings");
  if (!settings) {
    settings = orgs
      .command("settings")
      .description("Show or change an organisation's settings")
      .requiredOption("--org <slug>", "organisation slug")
      .option("--json", "machine-readable output")
      .action(async (o) => {
        const { db } = await import("../../db");
        const org = await db().organization.findUnique({ where: { slug: String(o.org).toLowerCase() }, select: { slug: true, reviewCadenceDays: true } });
        if (!org) throw new AppError("not_found", `Organisation "${o.org}" not found`);
        print(o, org, () => `review cadence: ${org.reviewCadenceDays} days`);
      });
  }
  settings.option("--review-cadence <days>", "days between access reviews (7 to 730; default 90)");
  settings.hook("preAction", async (command) => {
    const o = command.opts();
    if (o.reviewCadence !== undefined) await setReviewCadence(cliActor(), o.org, { days: o.reviewCadence });
  });
}
