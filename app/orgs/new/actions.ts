"use server";

import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/action";
import { createOrganization } from "@/lib/orgs/create-organization";

export async function createOrganizationAction(_prev: ActionResult<string> | null, form: FormData) {
  const result = await runAction(async (actor) => {
    const org = await createOrganization(actor, { slug: String(form.get("slug") ?? ""), name: String(form.get("name") ?? "") });
    return org.slug;
  });
  if (result.ok) redirect(`/${result.data}`);
  return result;
}
