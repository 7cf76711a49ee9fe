"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Archive, Braces, ClipboardCheck, GitPullRequestArrow, KeyRound, LayoutDashboard, Lightbulb, Scale, ScrollText, Tags, Users, Webhook } from "lucide-react";
import { cn } from "@/lib/utils";

const items = [
  { href: "", label: "Overview", icon: LayoutDashboard },
  { href: "/service-accounts", label: "Service accounts", icon: KeyRound },
  { href: "/scopes", label: "Scopes", icon: Tags },
  { href: "/audit", label: "Audit", icon: ScrollText },
  { href: "/insights", label: "Insights", icon: Lightbulb },
  { href: "/requests", label: "Requests", icon: GitPullRequestArrow },
  { href: "/reviews", label: "Reviews", icon: ClipboardCheck },
  { href: "/settings/members", label: "Members", icon: Users },
  { href: "/settings/audit", label: "Retention", icon: Archive },
  { href: "/settings/governance", label: "Governance", icon: Scale },
  { href: "/settings/webhooks", label: "Webhooks", icon: Webhook },
  { href: "/api", label: "API", icon: Braces },
];

export function ConsoleNav({ orgSlug }: { orgSlug: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Console" className="flex gap-1 overflow-x-auto px-3 pb-3 md:flex-col">
      {items.map(({ href, label, icon: Icon }) => {
        const target = `/${orgSlug}${href}`;
        const active = href === "" ? pathname === target : pathname.startsWith(target);
        return (
          <Link
            key={label}
            href={target}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-2 rounded-md px-3 py-2 text-sm text-muted-foreground hover:bg-accent hover:text-accent-foreground",
              active && "bg-accent font-medium text-accent-foreground",
            )}
          >
            <Icon className="size-4" aria-hidden />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
