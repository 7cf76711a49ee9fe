import { env } from "../env";
import { systemActor } from "../audit/types";
import { hasAnyUser, setupInstance } from "./setup-instance";
import { createSetupLink } from "./setup-link";

export type BootstrapResult =
  | { kind: "ready" }
  | { kind: "created-admin"; email: string; orgSlug: string }
  | { kind: "setup-link"; url: string };

/**
 * What `npm start` does before serving: with TESSERA_ADMIN_EMAIL and
 * TESSERA_ADMIN_PASSWORD set and no user yet, that user becomes OWNER of the
 * first organisation; with no user and no such variables, a one-time setup
 * link is made. Once a user exists this does nothing.
 */
export async function bootstrapInstance(): Promise<BootstrapResult> {
  if (await hasAnyUser()) return { kind: "ready" };
  const e = env();
  if (e.TESSERA_ADMIN_EMAIL && e.TESSERA_ADMIN_PASSWORD) {
    const orgSlug = e.TESSERA_ORG_SLUG;
    await setupInstance(systemActor, {
      email: e.TESSERA_ADMIN_EMAIL,
      password: e.TESSERA_ADMIN_PASSWORD,
      orgSlug,
      orgName: e.TESSERA_ORG_NAME ?? (orgSlug === "default" ? "Default organisation" : orgSlug),
    });
    return { kind: "created-admin", email: e.TESSERA_ADMIN_EMAIL.toLowerCase(), orgSlug };
  }
  const url = await createSetupLink();
  return url ? { kind: "setup-link", url } : { kind: "ready" };
}
