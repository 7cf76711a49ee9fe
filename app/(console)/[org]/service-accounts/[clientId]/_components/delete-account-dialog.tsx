"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Trash2 } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import type { ReauthenticationMethod } from "@/lib/auth/recent-authentication";
import { ReauthenticatePrompt } from "@/app/(auth)/_components/reauthenticate-prompt";
import { deleteServiceAccountAction } from "../actions";

/** Deleting is irreversible, so the person types the account's name first. */
export function DeleteAccountDialog({ orgSlug, clientId, name }: { orgSlug: string; clientId: string; name: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  // Set when the server asks this (older than 15 minutes) sign-in to be confirmed first.
  const [reauth, setReauth] = useState<ReauthenticationMethod | null>(null);
  const [pending, startTransition] = useTransition();

  const remove = () =>
    startTransition(async () => {
      const result = await deleteServiceAccountAction(orgSlug, clientId);
      if (!result.ok) {
        if (result.reauthenticate) setReauth(result.reauthenticate);
        else toast.error(result.error);
        return;
      }
      toast.success(`${name} deleted`);
      setOpen(false);
      router.replace(`/${orgSlug}/service-accounts`);
    });

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setTyped("");
          setReauth(null);
        }
      }}
    >
      <AlertDialogTrigger asChild>
        <Button variant="destructive">
          <Trash2 aria-hidden /> Delete
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {name}?</AlertDialogTitle>
          <AlertDialogDescription>
            Its client secrets and API keys are deleted and stop working at once; services using them fail. The audit
            history stays. This cannot be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <div className="space-y-2">
          <Label htmlFor="confirm-delete-name">
            Type <span className="font-mono">{name}</span> to confirm
          </Label>
          <Input id="confirm-delete-name" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
        </div>
        {reauth ? (
          <ReauthenticatePrompt
            method={reauth}
            onConfirmed={() => {
              setReauth(null);
              remove();
            }}
          />
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button variant="destructive" disabled={typed !== name || pending || Boolean(reauth)} onClick={remove}>
            {pending ? "Deleting…" : "Delete service account"}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
