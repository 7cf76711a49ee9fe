"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action";
import { createAutomationAccount, type AutomationAccountInput } from "@/lib/api/create-automation-account";

/** The reference page's helper; the new secret is returned to this browser once. */
export async function createAutomationAccountAction(orgSlug: string, input: AutomationAccountInput) {
  const result = await runAction((actor) => createAutomationAccount(actor, orgSlug, input));
  if (result.ok) revalidatePath(`/${orgSlug}/service-accounts`);
  return result;
}
