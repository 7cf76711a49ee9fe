import type { Command } from "commander";
import { cliActor } from "../../audit/actors";
import type { ChangeRequestView } from "../../change-requests/present-change-request";
import { print, table } from "../output";
import { describeChange } from "../describe-change-request";
import { lazy } from "../lazy";

const listChangeRequests = lazy(() => import("../../change-requests/list-change-requests"), "listChangeRequests");
const getChangeRequest = lazy(() => import("../../change-requests/get-change-request"), "getChangeRequest");
const approveChangeRequest = lazy(() => import("../../change-requests/approve-change-request"), "approveChangeRequest");
const rejectChangeRequest = lazy(() => import("../../change-requests/reject-change-request"), "rejectChangeRequest");
const withdrawChangeRequest = lazy(() => import("../../change-requests/withdraw-change-request"), "withdrawChangeRequest");

const json = ["--json", "machine-readable output"] as const;
const org = ["--org <slug>", "organisation slug"] as const;

const row = (r: ChangeRequestView) => ({ id: r.id, status: r.status, summary: r.summary, requestedBy: r.requestedBy.label ?? r.requestedBy.type, requestedAt: r.requestedAt, expiresAt: r.expiresAt });

/**
 * `tessera requests`: four-eyes change requests. The CLI acts as one
 * operator identity ("cli"): it may decide requests made by people or
 * machines, never its own (someone else approves what it asked for).
 */
export function registerRequests(program: Command) {
  const requests = program.command("requests").description("Change requests waiting for four-eyes approval");

  requests
    .command("list")
    .description("List change requests, newest first")
    .requiredOption(...org)
    .option("--status <status>", "pending, approved, rejected, withdrawn, expired or all", "pending")
    .option(...json)
    .action(async (o) => {
      const items: ChangeRequestView[] = [];
      let cursor: string | undefined;
      do {
        const page = await listChangeRequests(cliActor(), o.org, { status: o.status, limit: 100, cursor });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      print(o, items, () => table(items.map(row), ["id", "status", "summary", "requestedBy", "requestedAt", "expiresAt"]));
    });

  requests
    .command("show <id>")
    .description("Show one change request and what it would change")
    .requiredOption(...org)
    .option(...json)
    .action(async (id, o) => {
      const { viewer: _viewer, ...request } = await getChangeRequest(cliActor(), o.org, id);
      print(o, request, () => describeChange(request));
    });

  requests
    .command("approve <id>")
    .description("Approve a change request: its change applies now, exactly as requested")
    .requiredOption(...org)
    .option(...json)
    .action(async (id, o) => {
      const result = await approveChangeRequest(cliActor(), o.org, id);
      print(o, result, () => `Approved and applied: ${result.summary}.`);
    });

  requests
    .command("reject <id>")
    .description("Reject a change request; nothing changes")
    .requiredOption(...org)
    .option("--comment <text>", "why, for the requester")
    .option(...json)
    .action(async (id, o) => {
      const result = await rejectChangeRequest(cliActor(), o.org, id, { comment: o.comment });
      print(o, result, () => `Rejected: ${result.summary}.`);
    });

  requests
    .command("withdraw <id>")
    .description("Withdraw a change request the CLI made")
    .requiredOption(...org)
    .option(...json)
    .action(async (id, o) => {
      const result = await withdrawChangeRequest(cliActor(), o.org, id);
      print(o, result, () => `Withdrawn: ${result.summary}.`);
    });
}
