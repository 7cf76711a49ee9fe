import { requireMember } from "@/lib/page-auth";
import { listOrganizationsForUser } from "@/lib/orgs/list-organizations";
import { ConsoleShell } from "@/components/console/console-shell";
import { signOutAction } from "@/app/(auth)/actions";

export const dynamic = "force-dynamic";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { org, role, session } = await requireMember(slug);
  const orgs = await listOrganizationsForUser(session.user.id);
  return (
    <ConsoleShell
      org={{ slug: org.slug, name: org.name }}
      role={role}
      orgs={orgs.map((o) => ({ slug: o.slug, name: o.name, role: o.role }))}
      user={{ email: session.user.email, name: session.user.name }}
      signOutAction={signOutAction}
    >
      {children}
    </ConsoleShell>
  );
}
