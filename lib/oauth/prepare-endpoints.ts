import { setTimeout as sleep } from "node:timers/promises";
import { connectedAdapter } from "../db";
import { isDatabaseUnavailable } from "../db-availability";
import { log } from "../log";
import { loadSigningKeys } from "./signing-keys";

/** How long the server waits for it before listening anyway. */
const PREPARE_PATIENCE_MS = 5_000;

/**
 * What the OAuth endpoints' first request would otherwise do itself: create
 * the Prisma client and its driver adapter (the hot statements' connection),
 * and read, decrypt and import the signing keys, which compiles their query
 * in Prisma's WebAssembly query compiler. On an idle server that made the
 * first token request take about 0.9 s, the first JWT introspection 0.8 s
 * (node --cpu-prof: mostly the query compiler and key import), and every
 * request that arrived meanwhile waited for it. The server calls this before
 * it listens, so it accepts requests once it can answer them at speed.
 *
 * Nothing is written: a new installation still creates its first key when
 * it first signs. It is a head start, never a condition: past `patience`
 * (a database that hangs) or on failure (one that is away) it logs and
 * returns false, and the server listens anyway; the endpoints then answer
 * 503 until the database is back, as they would have, and connect on their
 * own. Returns whether it got through in time.
 */
export async function prepareOAuthEndpoints(
  steps: ReadonlyArray<() => Promise<unknown>> = [connectedAdapter, loadSigningKeys],
  patience = PREPARE_PATIENCE_MS,
): Promise<boolean> {
  const work = (async () => {
    for (const step of steps) await step();
    return true;
  })();
  const outcome = await Promise.race([work, sleep(patience, "late" as const, { ref: false })]).catch((error: unknown) => error);
  if (outcome === true) return true;
  if (outcome === "late") {
    // Left to finish on its own (the race handles its outcome): the first requests share the key load it began.
    log.warn({ ms: patience }, "the database did not answer before listening; the OAuth endpoints will connect on their own");
  } else if (isDatabaseUnavailable(outcome)) {
    log.warn({ err: outcome }, "the database is away; the OAuth endpoints will connect when it is back");
  } else {
    log.error({ err: outcome }, "could not prepare the OAuth endpoints before listening");
  }
  return false;
}
