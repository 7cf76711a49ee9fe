"use client";

import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmAction } from "@/components/console/confirm-action";
import { SecretOnceDialog } from "@/components/service-accounts/secret-once-dialog";
import { deleteWebhookAction, rotateWebhookSecretAction, sendTestWebhookAction, setWebhookEnabledAction } from "../actions";

/** The controls of one endpoint: send a test event, enable or disable, rotate its secret, delete. */
export function EndpointActions({ orgSlug, endpointId, enabled }: { orgSlug: string; endpointId: string; enabled: boolean }) {
  const [pending, startTransition] = useTransition();
  const [secret, setSecret] = useState<string | null>(null);
  const run = (fn: () => Promise<{ ok: boolean; error?: string }>, success: string) =>
    startTransition(async () => {
      const result = await fn();
      if (result.ok) toast.success(success);
      else toast.error(result.error);
    });
  return (
    <div className="flex flex-wrap gap-2">
      <Button size="sm" variant="outline" disabled={pending || !enabled} onClick={() => run(() => sendTestWebhookAction(orgSlug, endpointId), "Test event queued")}>
        Send test event
      </Button>
      <Button size="sm" variant="outline" disabled={pending} onClick={() => run(() => setWebhookEnabledAction(orgSlug, endpointId, !enabled), enabled ? "Endpoint disabled" : "Endpoint enabled")}>
        {enabled ? "Disable" : "Enable"}
      </Button>
      <ConfirmAction
        trigger={(busy) => <Button size="sm" variant="outline" disabled={busy}>Rotate secret</Button>}
        title="Rotate the signing secret?"
        description="A new secret is shown once. For 24 hours deliveries carry a signature by each secret, so the receiver can switch without refusing any."
        confirmLabel="Rotate"
        success="Secret rotated"
        run={async () => {
          const result = await rotateWebhookSecretAction(orgSlug, endpointId);
          if (result.ok) setSecret(result.data.secret);
          return result;
        }}
      />
      <ConfirmAction
        trigger={(busy) => <Button size="sm" variant="destructive" disabled={busy}>Delete</Button>}
        title="Delete this endpoint?"
        description="Its waiting deliveries and its delivery log are deleted too."
        confirmLabel="Delete"
        success="Endpoint deleted"
        run={() => deleteWebhookAction(orgSlug, endpointId)}
      />
      <SecretOnceDialog
        open={secret !== null}
        title="New signing secret"
        description="Update the receiver; the previous secret keeps signing for 24 hours."
        fields={[{ label: "Signing secret", value: secret ?? "" }]}
        notice="This is the only time it is shown. Tessera keeps it encrypted to sign deliveries and never shows it again."
        onDone={() => setSecret(null)}
      />
    </div>
  );
}
