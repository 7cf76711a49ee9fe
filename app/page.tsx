import { redirect } from "next/navigation";
import { requireUser } from "@/lib/page-auth";
import { listOrganizationsForUser } from "@/lib/orgs/list-organizations";

export const dynamic = "force-dynamic";

/** The front door: your first organisation, or a place to create one. */
export default async function Home() {
  const { session } = await requireUser();
  const orgs = await listOrganizationsForUser(session.user.id);
  redirect(orgs[0] ? `/${orgs[0].slug}` : "/orgs/new");
}
