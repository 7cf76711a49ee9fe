"use client";

import { useEffect, useId, useState } from "react";
import { ShieldAlert } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { CopyButton } from "./copy-button";

export interface RevealedField {
  label: string;
  value: string;
}

/**
 * Shows a just-issued credential exactly once. It cannot be dismissed
 * (Escape, outside click, reload or tab close) until the person confirms they
 * stored it; `onDone` must then drop the plaintext from the caller's state.
 * The values arrive only as a Server Action's return value and never
 * through a URL or a server-rendered prop. Leaving with the browser's back
 * or forward button forgets them for good: the router may keep this
 * component alive across a quick back-and-forward, and the secret must not
 * come back with it.
 */
export function SecretOnceDialog({
  open,
  title,
  description,
  fields,
  confirmLabel = "I have stored the secret",
  notice = "This is the only time it is shown. Tessera keeps only a hash: if it is lost, issue a new one.",
  onDone,
  children,
}: {
  open: boolean;
  title: string;
  description: string;
  fields: RevealedField[];
  confirmLabel?: string;
  /** What the warning says about keeping it (webhook secrets are sealed, not hashed). */
  notice?: string;
  onDone: () => void;
  children?: React.ReactNode;
}) {
  const [stored, setStored] = useState(false);
  // The values the person left behind with back/forward; a later, new credential is shown again.
  const [leftBehind, setLeftBehind] = useState<string | null>(null);
  const id = useId();
  const shown = fields.map((f) => f.value).join("\n");
  const left = leftBehind === shown;

  useEffect(() => {
    if (!open) return;
    const leave = () => setLeftBehind(shown);
    window.addEventListener("popstate", leave);
    return () => window.removeEventListener("popstate", leave);
  }, [open, shown]);

  useEffect(() => {
    if (!open || left) return;
    const guard = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = ""; // older browsers need a value to show the prompt
    };
    window.addEventListener("beforeunload", guard);
    return () => window.removeEventListener("beforeunload", guard);
  }, [open, left]);

  const finish = () => {
    setStored(false);
    onDone();
  };

  const block = (e: Event) => e.preventDefault();
  if (left) return null;

  return (
    <Dialog open={open} onOpenChange={(next) => !next && stored && finish()}>
      <DialogContent
        showCloseButton={false}
        onEscapeKeyDown={block}
        onPointerDownOutside={block}
        onInteractOutside={block}
        className="sm:max-w-2xl"
      >
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <Alert variant="warning">
          <ShieldAlert aria-hidden />
          <AlertDescription>{notice}</AlertDescription>
        </Alert>
        <div className="space-y-3">
          {fields.map((f, i) => (
            <div key={f.label} className="space-y-1.5">
              <Label htmlFor={`${id}-${i}`}>{f.label}</Label>
              <div className="flex gap-2">
                <Input
                  id={`${id}-${i}`}
                  readOnly
                  value={f.value}
                  className="font-mono text-xs"
                  spellCheck={false}
                  autoComplete="off"
                  onFocus={(e) => e.target.select()}
                />
                <CopyButton value={f.value} label={`Copy ${f.label.toLowerCase()}`} size="icon" />
              </div>
            </div>
          ))}
        </div>
        {children}
        <div className="flex items-center gap-2">
          <Checkbox id={`${id}-stored`} checked={stored} onCheckedChange={(v) => setStored(v === true)} />
          <Label htmlFor={`${id}-stored`}>{confirmLabel}</Label>
        </div>
        <DialogFooter>
          <Button onClick={finish} disabled={!stored}>
            Done
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
