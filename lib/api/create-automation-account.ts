import { z } from "zod";
import type { Actor } from "../audit/types";
import { createServiceAccount } from "../service-accounts/create-service-account";
import { parseInput } from "../validation";
import { serviceAccountNameSchema } from "../schemas/service-account";
import { apiAudience } from "./authenticate-bearer";
import { API_SCOPE_CAPABILITIES, type ApiScope } from "../permissions";

const apiScopes = Object.keys(API_SCOPE_CAPABILITIES) as [ApiScope, ...ApiScope[]];

export const automationAccountSchema = z.object({
  name: serviceAccountNameSchema,
  scopes: z.array(z.enum(apiScopes)).min(1, "Pick at least one scope"),
});
export type AutomationAccountInput = z.input<typeof automationAccountSchema>;

/**
 * A service account that calls the management API: the given tessera:*
 * scopes and the one audience the API accepts. Nothing but the ordinary
 * createServiceAccount, with the API's audience filled in.
 */
export async function createAutomationAccount(actor: Actor, orgSlug: string, input: AutomationAccountInput) {
  const { name, scopes } = parseInput(automationAccountSchema, input);
  const audience = apiAudience();
  const created = await createServiceAccount(actor, orgSlug, {
    name,
    description: "Calls the Tessera management API",
    scopes,
    audiences: [audience],
  });
  return { clientId: created.clientId, clientSecret: created.clientSecret, name: created.name, audience, scopes: created.scopes };
}
