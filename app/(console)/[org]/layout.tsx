import { requireMember } from "@/lib/page-auth";
import { listOrganizationsForUser } from "@/lib/orgs/list-organizations";
import { ConsoleShell } from "@/components/console/console-shell";
import { signInWithOidcAction, signOutAction } from "@/app/(auth)/actions";
import { OIDC_PROVIDER_ID } from "@/lib/auth/auth";
import { listLinkedProviders } from "@/lib/auth/list-linked-providers";
import { env, oidcConfigured } from "@/lib/env";

export const dynamic = "force-dynamic";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const { org, role, session } = await requireMember(slug);
  const [orgs, linked] = await Promise.all([listOrganizationsForUser(session.user.id), listLinkedProviders(session.user.id)]);
  const ssoLinkable = oidcConfigured() && !linked.includes(OIDC_PROVIDER_ID);
  return (
    <ConsoleShell
      org={{ slug: org.slug, name: org.name }}
      role={role}
      orgs={orgs.map((o) => ({ slug: o.slug, name: o.name, role: o.role }))}
      user={{ email: session.user.email, name: session.user.name }}
      signOutAction={signOutAction}
      ssoLink={ssoLinkable ? { name: env().AUTH_OIDC_NAME, returnTo: `/${org.slug}`, action: signInWithOidcAction } : undefined}
    >
      {children}
    </ConsoleShell>
  );
}
