"use client";

import { useState, useTransition } from "react";
import { Check, Copy, UserPlus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Alert, AlertDescription } from "@/components/ui/alert";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { inviteMemberAction } from "../actions";

const ROLE_LABELS = {
  REVIEWER: "REVIEWER: read-only",
  ADMIN: "ADMIN: service accounts and credentials",
  OWNER: "OWNER: everything, including members",
} as const;

const EXPIRY = [
  { hours: 24, label: "1 day" },
  { hours: 72, label: "3 days" },
  { hours: 168, label: "7 days" },
];

export function InviteMemberDialog({ orgSlug }: { orgSlug: string }) {
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState("REVIEWER");
  const [ttl, setTtl] = useState("72");
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [pending, startTransition] = useTransition();

  const reset = () => {
    setLink(null);
    setCopied(false);
    setError(null);
    setFieldErrors({});
  };

  const submit = (form: FormData) =>
    startTransition(async () => {
      form.set("role", role);
      form.set("ttlHours", ttl);
      const result = await inviteMemberAction(orgSlug, form);
      if (result.ok) {
        setLink(result.data.url);
        setError(null);
      } else {
        setError(result.error);
        setFieldErrors(result.fieldErrors ?? {});
      }
    });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset(); // the link is shown once; closing forgets it
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <UserPlus className="size-4" aria-hidden /> Invite member
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Invite a member</DialogTitle>
          <DialogDescription>
            Create a one-time link and send it to the person yourself. It works once and expires.
          </DialogDescription>
        </DialogHeader>
        {link ? (
          <div className="space-y-3">
            <Label htmlFor="invite-link">Invitation link (shown once)</Label>
            <div className="flex gap-2">
              <Input id="invite-link" readOnly value={link} className="font-mono text-xs" onFocus={(e) => e.target.select()} />
              <Button
                type="button"
                variant="outline"
                aria-label="Copy link"
                onClick={async () => {
                  await navigator.clipboard?.writeText(link).catch(() => undefined);
                  setCopied(true);
                }}
              >
                {copied ? <Check className="size-4" /> : <Copy className="size-4" />}
              </Button>
            </div>
            <DialogFooter>
              <Button onClick={() => setOpen(false)}>Done</Button>
            </DialogFooter>
          </div>
        ) : (
          <form action={submit} className="space-y-4">
            {error ? (
              <Alert variant="destructive">
                <AlertDescription>{error}</AlertDescription>
              </Alert>
            ) : null}
            <div className="space-y-2">
              <Label htmlFor="invite-role">Role</Label>
              <Select value={role} onValueChange={setRole}>
                <SelectTrigger id="invite-role" className="w-full">
                  <SelectValue>{ROLE_LABELS[role as keyof typeof ROLE_LABELS]}</SelectValue>
                </SelectTrigger>
                <SelectContent>
                  {Object.entries(ROLE_LABELS).map(([value, label]) => (
                    <SelectItem key={value} value={value}>
                      {label}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
            <div className="space-y-2">
              <Label htmlFor="invite-email">Email (optional)</Label>
              <Input
                id="invite-email"
                name="email"
                type="email"
                placeholder="Only this person may accept"
                aria-invalid={Boolean(fieldErrors.email)}
                aria-describedby={fieldErrors.email ? "invite-email-error" : undefined}
              />
              {fieldErrors.email ? (
                <p id="invite-email-error" className="text-sm text-destructive">
                  {fieldErrors.email[0]}
                </p>
              ) : null}
            </div>
            <div className="space-y-2">
              <Label htmlFor="invite-ttl">Link expires after</Label>
              <Select value={ttl} onValueChange={setTtl}>
                <SelectTrigger id="invite-ttl" className="w-full">
                  <SelectValue>{EXPIRY.find((e) => String(e.hours) === ttl)?.label}</SelectValue>
                </SelectTrigger>
                <SelectContent>
                  {EXPIRY.map((e) => (
                    <SelectItem key={e.hours} value={String(e.hours)}>
                      {e.label}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
            <DialogFooter>
              <Button type="submit" disabled={pending}>
                {pending ? "Creating…" : "Create link"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
