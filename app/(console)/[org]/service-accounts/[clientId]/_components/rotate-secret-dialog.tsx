"use client";

import { useState, useTransition } from "react";
import { usePathname, useRouter } from "next/navigation";
import { RotateCw } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { FormError } from "@/components/forms/form-error";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { CredentialSnippets } from "@/components/service-accounts/credential-snippets";
import { SecretOnceDialog } from "@/components/service-accounts/secret-once-dialog";
import { formatUtc } from "@/components/service-accounts/format";
import { DEFAULT_GRACE_SECONDS, GRACE_PRESETS, MAX_VALID_SECRETS } from "@/lib/service-accounts/policy";
import type { ReauthenticationMethod } from "@/lib/auth/recent-authentication";
import { ReauthenticatePrompt } from "@/app/(auth)/_components/reauthenticate-prompt";
import { rotateClientSecretAction } from "../actions";


interface Rotated {
  clientSecret: string;
  previousSecretExpiresAt: string | null;
}

export function RotateSecretDialog({
  orgSlug,
  clientId,
  accountName,
  audiences,
  tokenUrl,
  validSecrets,
}: {
  orgSlug: string;
  clientId: string;
  accountName: string;
  audiences: string[];
  tokenUrl: string;
  validSecrets: number;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [grace, setGrace] = useState<number>(DEFAULT_GRACE_SECONDS);
  const [revokeOldest, setRevokeOldest] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Set when the server asks this (older than 15 minutes) sign-in to be confirmed first.
  const [reauth, setReauth] = useState<ReauthenticationMethod | null>(null);
  // The new plaintext secret, held in memory only until the person confirms they stored it.
  const [rotated, setRotated] = useState<Rotated | null>(null);
  const [pending, startTransition] = useTransition();
  const atLimit = validSecrets >= MAX_VALID_SECRETS;

  const rotate = () =>
    startTransition(async () => {
      const result = await rotateClientSecretAction(orgSlug, clientId, { graceSeconds: grace, revokeOldest: atLimit && revokeOldest });
      if (!result.ok) {
        setReauth(result.reauthenticate ?? null);
        setError(result.reauthenticate ? null : result.error);
        return;
      }
      setReauth(null);
      setOpen(false);
      setRotated({ clientSecret: result.data.clientSecret, previousSecretExpiresAt: result.data.previousSecretExpiresAt });
      toast.success("New client secret issued");
    });

  const done = () => {
    setRotated(null);
    router.replace(pathname);
  };

  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (next) {
            setGrace(DEFAULT_GRACE_SECONDS);
            setRevokeOldest(false);
            setError(null);
            setReauth(null);
          }
        }}
      >
        <DialogTrigger asChild>
          <Button variant="outline">
            <RotateCw aria-hidden /> Rotate secret
          </Button>
        </DialogTrigger>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Rotate the client secret</DialogTitle>
            <DialogDescription>
              A new secret is issued and shown once. The current one keeps working for the grace period, so services can
              switch over without downtime.
            </DialogDescription>
          </DialogHeader>
          <FormError message={error} />
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Current secret stays valid for</legend>
            <div className="flex flex-wrap gap-1" role="group" aria-label="Grace period">
              {GRACE_PRESETS.map((g) => (
                <Button
                  key={g.seconds}
                  type="button"
                  size="sm"
                  variant={grace === g.seconds ? "default" : "outline"}
                  aria-pressed={grace === g.seconds}
                  onClick={() => setGrace(g.seconds)}
                >
                  {g.label}
                </Button>
              ))}
            </div>
            <p className="text-xs text-muted-foreground">
              {grace === 0 ? "The current secret is revoked at once: services still using it fail immediately." : "An existing expiry that is sooner is kept."}
            </p>
          </fieldset>
          {atLimit ? (
            <div className="space-y-2 rounded-md border border-warning/50 bg-warning/10 p-3">
              <p className="text-sm">Two secrets are valid already. A rotation must revoke the oldest of them now.</p>
              <div className="flex items-center gap-2">
                <Checkbox id="rotate-revoke-oldest" checked={revokeOldest} onCheckedChange={(v) => setRevokeOldest(v === true)} />
                <Label htmlFor="rotate-revoke-oldest" className="font-normal">
                  Revoke the oldest secret
                </Label>
              </div>
            </div>
          ) : null}
          {reauth ? (
            <ReauthenticatePrompt
              method={reauth}
              onConfirmed={() => {
                setReauth(null);
                rotate();
              }}
            />
          ) : null}
          <DialogFooter>
            <Button onClick={rotate} disabled={pending || Boolean(reauth) || (atLimit && !revokeOldest)}>
              {pending ? "Rotating…" : "Rotate secret"}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
      {rotated ? (
        <SecretOnceDialog
          open
          title="New client secret"
          description={
            rotated.previousSecretExpiresAt
              ? `The previous secret stops working ${formatUtc(rotated.previousSecretExpiresAt)}. Deploy the new one before then.`
              : "Deploy the new secret to the services that use this account."
          }
          fields={[
            { label: "Client ID", value: clientId },
            { label: "Client secret", value: rotated.clientSecret },
          ]}
          onDone={done}
        >
          <CredentialSnippets tokenUrl={tokenUrl} clientId={clientId} clientSecret={rotated.clientSecret} audiences={audiences} accountName={accountName} />
        </SecretOnceDialog>
      ) : null}
    </>
  );
}
