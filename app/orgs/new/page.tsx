import type { Metadata } from "next";
import { requireUser } from "@/lib/page-auth";
import { listOrganizationsForUser } from "@/lib/orgs/list-organizations";
import { CenteredCard } from "@/components/forms/centered-card";
import { CreateOrganizationForm } from "./create-organization-form";

export const metadata: Metadata = { title: "Create organisation" };
export const dynamic = "force-dynamic";

export default async function NewOrganizationPage() {
  const { session } = await requireUser("/orgs/new");
  const orgs = await listOrganizationsForUser(session.user.id);
  return (
    <CenteredCard
      title="Create an organisation"
      description={
        orgs.length === 0
          ? "You are not a member of any organisation yet. Create one, or open an invitation link you were sent."
          : "You will be its owner. Service accounts, scopes and audit trail belong to one organisation."
      }
    >
      <CreateOrganizationForm cancelHref={orgs[0] ? `/${orgs[0].slug}` : null} />
    </CenteredCard>
  );
}
