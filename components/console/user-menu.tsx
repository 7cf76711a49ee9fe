"use client";

import { KeyRound, LogOut, UserRound } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

/**
 * Links the signed-in account to the SSO provider: the provider's sign-in
 * runs with this session's cookie, which is what lets signInWithOidc link an
 * identity to an account that has a password.
 */
export interface SsoLink {
  name: string;
  returnTo: string;
  action: (form: FormData) => Promise<void>;
}

export function UserMenu({
  user,
  signOutAction,
  ssoLink,
}: {
  user: { email: string; name: string | null };
  signOutAction: () => Promise<void>;
  ssoLink?: SsoLink;
}) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="sm" aria-label="Account menu">
          <UserRound className="size-4" aria-hidden />
          <span className="hidden max-w-48 truncate sm:inline">{user.email}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-56">
        <DropdownMenuLabel className="truncate">{user.name ?? user.email}</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {ssoLink ? (
          <form action={ssoLink.action}>
            <input type="hidden" name="callbackUrl" value={ssoLink.returnTo} />
            <DropdownMenuItem asChild>
              <button type="submit" className="w-full">
                <KeyRound className="size-4" aria-hidden /> Link {ssoLink.name}
              </button>
            </DropdownMenuItem>
          </form>
        ) : null}
        <form action={signOutAction}>
          <DropdownMenuItem asChild>
            <button type="submit" className="w-full">
              <LogOut className="size-4" aria-hidden /> Sign out
            </button>
          </DropdownMenuItem>
        </form>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
