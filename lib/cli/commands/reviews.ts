import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { cliActor } from "../../audit/actors";
import { AppError } from "../../errors";
import { print, table } from "../output";
import { lazy } from "../lazy";

const startAccessReview = lazy(() => import("../../access-reviews/start-access-review"), "startAccessReview");
const listAccessReviews = lazy(() => import("../../access-reviews/list-access-reviews"), "listAccessReviews");
const getAccessReview = lazy(() => import("../../access-reviews/get-access-review"), "getAccessReview");
const decideAccessReview = lazy(() => import("../../access-reviews/decide-access-review"), "decideAccessReview");
const closeAccessReview = lazy(() => import("../../access-reviews/close-access-review"), "closeAccessReview");
const exportAccessReview = lazy(() => import("../../access-reviews/export-access-review"), "exportAccessReview");
const getAccessReviewStatus = lazy(() => import("../../access-reviews/get-access-review-status"), "getAccessReviewStatus");

const json = ["--json", "machine-readable output"] as const;
const org = ["--org <slug>", "organisation slug"] as const;

export function registerReviews(program: Command) {
  const reviews = program.command("reviews").description("Access reviews: is every grant still needed?");

  reviews
    .command("status")
    .description("The cadence, when the next review is due, and the open campaign")
    .requiredOption(...org)
    .option(...json)
    .action(async (o) => {
      const s = await getAccessReviewStatus(cliActor(), o.org);
      print(o, s, () =>
        [`cadence: ${s.cadenceDays} days`, `due:     ${s.dueAt.toISOString()}${s.overdue ? " (overdue)" : ""}`, `open:    ${s.openReview?.id ?? "-"}`].join("\n"),
      );
    });

  reviews
    .command("start")
    .description("Start a campaign over every grant of every account")
    .requiredOption(...org)
    .option(...json)
    .action(async (o) => {
      const r = await startAccessReview(cliActor(), o.org);
      print(o, r, () => `Started access review ${r.id}: ${r.grants} grants of ${r.accounts} accounts to decide.`);
    });

  reviews
    .command("list")
    .description("Campaigns, newest first")
    .requiredOption(...org)
    .option("--status <status>", "open or closed")
    .option(...json)
    .action(async (o) => {
      const rows = await listAccessReviews(cliActor(), o.org, { status: o.status });
      print(o, rows, () => table(rows, ["id", "status", "startedAt", "closedAt", "grants", "keep", "remove", "undecided"]));
    });

  reviews
    .command("show <id>")
    .description("Every grant of a campaign with its last use and decision")
    .requiredOption(...org)
    .option(...json)
    .action(async (id, o) => {
      const r = await getAccessReview(cliActor(), o.org, id);
      const rows = r.accounts.flatMap((a) => a.grants.map((g) => ({ item: g.itemId, clientId: a.clientId, account: a.name, owner: a.owner, scope: g.scope, lastRequestedAt: g.lastRequestedAt, decision: g.decision, outcome: g.outcome })));
      print(o, r, () => [`${r.id} ${r.status}, started ${r.startedAt}`, table(rows, ["item", "clientId", "account", "owner", "scope", "lastRequestedAt", "decision", "outcome"])].join("\n"));
    });

  reviews
    .command("decide <id>")
    .description("Mark a grant keep or remove (name it by --item, or by --client-id and --scope)")
    .requiredOption(...org)
    .requiredOption("--decision <decision>", "keep or remove")
    .option("--item <itemId>", "the grant's item id (reviews show)")
    .option("--client-id <clientId>", "the account")
    .option("--scope <scope>", "the scope")
    .option(...json)
    .action(async (id, o) => {
      let itemId: string | undefined = o.item;
      if (!itemId) {
        if (!o.clientId || !o.scope) throw new AppError("bad_request", "Name the grant with --item, or with --client-id and --scope");
        const review = await getAccessReview(cliActor(), o.org, id);
        itemId = review.accounts.find((a) => a.clientId === o.clientId)?.grants.find((g) => g.scope === o.scope)?.itemId;
        if (!itemId) throw new AppError("not_found", `${o.clientId} holds no ${o.scope} in this review`);
      }
      const r = await decideAccessReview(cliActor(), o.org, id, { itemId, decision: o.decision });
      print(o, r, () => (r.changed ? `Marked ${r.decision}.` : `Already ${r.decision}.`));
    });

  reviews
    .command("close <id>")
    .description("Close the campaign and remove the grants marked remove")
    .requiredOption(...org)
    .option(...json)
    .action(async (id, o) => {
      const r = await closeAccessReview(cliActor(), o.org, id);
      print(o, r, () => `Closed ${r.id}: ${r.removed} removed, ${r.kept} kept, ${r.undecided} undecided (kept), ${r.gone} already gone.`);
    });

  reviews
    .command("export <id>")
    .description("A closed campaign as CSV (stdout, or --output FILE)")
    .requiredOption(...org)
    .option("--output <file>", "write the CSV here")
    .option(...json)
    .action(async (id, o) => {
      const { text, filename } = await exportAccessReview(cliActor(), o.org, id);
      if (o.output) {
        writeFileSync(o.output, text);
        print(o, { file: o.output, filename }, () => `Wrote ${o.output}.`);
      } else if (o.json) {
        print(o, { filename, csv: text }, () => text);
      } else {
        process.stdout.write(text);
      }
    });
}
