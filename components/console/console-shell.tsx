import Link from "next/link";
import { ThemeToggle } from "@/components/theme-toggle";
import { Badge } from "@/components/ui/badge";
import { OrgSwitcher, type OrgOption } from "./org-switcher";
import { ConsoleNav } from "./console-nav";
import { UserMenu, type SsoLink } from "./user-menu";

export function ConsoleShell({
  org,
  role,
  orgs,
  user,
  signOutAction,
  ssoLink,
  children,
}: {
  org: { slug: string; name: string };
  role: string;
  orgs: OrgOption[];
  user: { email: string; name: string | null };
  signOutAction: () => Promise<void>;
  ssoLink?: SsoLink;
  children: React.ReactNode;
}) {
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <aside className="border-b bg-muted/30 md:w-60 md:shrink-0 md:border-r md:border-b-0">
        <div className="flex h-14 items-center gap-2 px-4">
          <Link href="/" className="font-semibold tracking-tight">
            Tessera
          </Link>
        </div>
        <div className="px-3 pb-3">
          <OrgSwitcher current={org.slug} orgs={orgs} />
        </div>
        <ConsoleNav orgSlug={org.slug} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-end gap-2 border-b px-4">
          <Badge variant="secondary" data-testid="current-role">
            {role}
          </Badge>
          <ThemeToggle />
          <UserMenu user={user} signOutAction={signOutAction} ssoLink={ssoLink} />
        </header>
        <main className="mx-auto w-full max-w-6xl flex-1 p-4 md:p-8">{children}</main>
      </div>
    </div>
  );
}
