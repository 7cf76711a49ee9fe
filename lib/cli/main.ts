import { Command, CommanderError } from "commander";
import { isAppError } from "../errors";
import { registerSetup } from "./commands/setup";
import { registerOrgs } from "./commands/orgs";
import { registerMembers } from "./commands/members";
import { registerScopes } from "./commands/scopes";
import { registerServiceAccounts } from "./commands/service-accounts";
import { registerApiKeys } from "./commands/api-keys";
import { registerKeys } from "./commands/keys";
import { registerAudit } from "./commands/audit";
import { registerRequests } from "./commands/requests";
import { registerReviews } from "./commands/reviews";
import { registerWebhooks } from "./commands/webhooks";

/**
 * `tessera`: the operator's command line. It acts on the configured database
 * with owner rights in every organisation (whoever runs it already holds the
 * database), through the same domain functions as the console.
 */
export function buildProgram(): Command {
  const program = new Command("tessera")
    .description("Tessera: service accounts, client credentials and audit trail")
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(s.trimEnd().split("\n")[0] + "\n") });
  registerSetup(program);
  registerOrgs(program);
  registerMembers(program);
  registerScopes(program);
  registerServiceAccounts(program);
  registerApiKeys(program);
  registerKeys(program);
  registerAudit(program);
  registerRequests(program);
  registerReviews(program);
  registerWebhooks(program);
  // Every subcommand reports errors through runCli: one line, non-zero exit.
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const cmd of all(program)) cmd.exitOverride().configureOutput(program.configureOutput());
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0; // e.g. `audit verify` on a broken chain
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode; // commander already printed its one line
    const message = isAppError(e) ? e.message : e instanceof Error ? `unexpected error: ${e.message}` : String(e);
    process.stderr.write(`error: ${message.split("\n")[0]}\n`);
    return 1;
  } finally {
    // Only a command that used the database loaded it (see lazy.ts).
    if ((globalThis as { tesseraDb?: unknown }).tesseraDb) await (await import("../db")).disconnectDb();
  }
}
