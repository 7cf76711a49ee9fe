"use client";

import { Power, PowerOff } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmAction } from "@/components/console/confirm-action";
import { activateServiceAccountAction, deactivateServiceAccountAction } from "../actions";

export function AccountStatusDialog({ orgSlug, clientId, name, status }: { orgSlug: string; clientId: string; name: string; status: string }) {
  const active = status === "ACTIVE";
  return (
    <ConfirmAction
      trigger={(pending) => (
        <Button variant="outline" disabled={pending}>
          {active ? <PowerOff aria-hidden /> : <Power aria-hidden />}
          {active ? "Deactivate" : "Reactivate"}
        </Button>
      )}
      title={active ? `Deactivate ${name}?` : `Reactivate ${name}?`}
      description={
        active
          ? "Every client secret and API key of this account stops working at once, and so does every access token already issued to it: token requests are refused and introspection reports them inactive. Nothing is deleted; you can reactivate it later."
          : "Client secrets and API keys that have not expired or been revoked work again, and the account can request new access tokens."
      }
      confirmLabel={active ? "Deactivate account" : "Reactivate account"}
      success={(data) =>
        active ? `${name} deactivated` : (data as { changeRequest?: unknown }).changeRequest ? `Reactivating ${name} waits for approval` : `${name} reactivated`
      }
      run={() => (active ? deactivateServiceAccountAction(orgSlug, clientId) : activateServiceAccountAction(orgSlug, clientId))}
    />
  );
}
