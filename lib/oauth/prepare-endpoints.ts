import { connectedAdapter } from "../db";
import { log } from "../log";
import { loadSigningKeys } from "./signing-keys";

/**
 * What the OAuth endpoints' first request would otherwise do itself: open
 * the database (the Prisma client, its query compiler and the driver
 * adapter the hot statements run on) and read, decrypt and import the
 * signing keys. On an idle server that first token request took about
 * 0.9 s of CPU (node --cpu-prof: a third of it compiling the key query
 * in Prisma's WebAssembly query compiler), and every request that arrived
 * meanwhile waited for it. The server calls this before it listens, so it
 * accepts requests once it can answer them at speed.
 *
 * Nothing is written: a new installation still creates its first key when
 * it first signs. A failure (the database is away) is logged and the server
 * listens anyway; the endpoints then answer 503 until it is back, as they
 * would have, and connect on their own. Returns whether it got through.
 */
export async function prepareOAuthEndpoints(steps: ReadonlyArray<() => Promise<unknown>> = [connectedAdapter, loadSigningKeys]): Promise<boolean> {
  try {
    for (const step of steps) await step();
    return true;
  } catch (error) {
    log.warn({ err: error }, "could not prepare the OAuth endpoints before listening; the first requests will");
    return false;
  }
}
