import type { Actor } from "../audit/types";
import type { Client } from "../service-accounts/lookup";

/** Who asks for or decides a change, as four-eyes compares them. */
export interface Principal {
  /** "user:<id>", "cli", "system", or "service_account:<clientId>". */
  key: string;
  type: Actor["type"];
  label: string | null;
}

/**
 * The identity behind an actor. An API key acts for its service account,
 * so a machine cannot approve with its key what it asked for with its token.
 * The CLI is one operator identity ("cli"), distinct from every user: it
 * cannot approve what it asked for, and a person cannot approve their own
 * request by switching to the console.
 */
export async function principalOf(client: Client, actor: Actor): Promise<Principal> {
  const base = { type: actor.type, label: actor.label };
  switch (actor.type) {
    case "user":
      return { ...base, key: `user:${actor.id}` };
    case "service_account":
      return { ...base, key: `service_account:${actor.id}` };
    case "api_key": {
      const key = await client.apiKey.findUnique({ where: { id: String(actor.id) }, select: { serviceAccount: { select: { clientId: true } } } });
      // An API principal always comes from a resolved key; a vanished one is no one we know.
      return { ...base, key: key ? `service_account:${key.serviceAccount.clientId}` : `api_key:${actor.id}` };
    }
    case "cli":
    case "system":
      return { ...base, key: actor.type };
  }
}
