"use client";

import { useTransition } from "react";
import { Power, PowerOff } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { activateServiceAccountAction, deactivateServiceAccountAction } from "../actions";

export function AccountStatusDialog({ orgSlug, clientId, name, status }: { orgSlug: string; clientId: string; name: string; status: string }) {
  const [pending, startTransition] = useTransition();
  const active = status === "ACTIVE";

  const run = () =>
    startTransition(async () => {
      const result = active ? await deactivateServiceAccountAction(orgSlug, clientId) : await activateServiceAccountAction(orgSlug, clientId);
      if (result.ok) toast.success(active ? `${name} deactivated` : `${name} reactivated`);
      else toast.error(result.error);
    });

  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button variant="outline" disabled={pending}>
          {active ? <PowerOff aria-hidden /> : <Power aria-hidden />}
          {active ? "Deactivate" : "Reactivate"}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{active ? `Deactivate ${name}?` : `Reactivate ${name}?`}</AlertDialogTitle>
          <AlertDialogDescription>
            {active
              ? "Every client secret and API key of this account stops working at once, and so does every access token already issued to it: token requests are refused and introspection reports them inactive. Nothing is deleted; you can reactivate it later."
              : "Client secrets and API keys that have not expired or been revoked work again, and the account can request new access tokens."}
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction onClick={run}>{active ? "Deactivate account" : "Reactivate account"}</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
