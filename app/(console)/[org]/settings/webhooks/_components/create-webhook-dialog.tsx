"use client";

import { useState, useTransition } from "react";
import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/forms/field";
import { FormError } from "@/components/forms/form-error";
import { SecretOnceDialog } from "@/components/service-accounts/secret-once-dialog";
import { WEBHOOK_EVENT_TYPES } from "@/lib/schemas/webhook";
import { createWebhookAction } from "../actions";

const SEALED = "This is the only time it is shown. Tessera keeps it encrypted to sign deliveries and never shows it again: if it is lost, rotate it.";

export function CreateWebhookDialog({ orgSlug, canAllowPrivate }: { orgSlug: string; canAllowPrivate: boolean }) {
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>([...WEBHOOK_EVENT_TYPES]);
  const [allowPrivate, setAllowPrivate] = useState(false);
  const [error, setError] = useState<{ message: string; fields?: Record<string, string[]> } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const submit = () =>
    startTransition(async () => {
      const all = events.length === WEBHOOK_EVENT_TYPES.length;
      const result = await createWebhookAction(orgSlug, { url, events: all ? undefined : events, allowPrivate });
      if (!result.ok) return setError({ message: result.error, fields: result.fieldErrors });
      setOpen(false);
      setError(null);
      setUrl("");
      setSecret(result.data.secret);
    });
  return (
    <>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogTrigger asChild>
          <Button>
            <Plus className="size-4" aria-hidden /> Add endpoint
          </Button>
        </DialogTrigger>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Add a webhook endpoint</DialogTitle>
            <DialogDescription>Deliveries are POSTed as JSON and signed in the Standard Webhooks format.</DialogDescription>
          </DialogHeader>
          <form
            className="space-y-4"
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <Field name="url" label="Endpoint URL" placeholder="https://hooks.example.com/tessera" value={url} onChange={(e) => setUrl(e.target.value)} errors={error?.fields?.url} required />
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium">Events</legend>
              {WEBHOOK_EVENT_TYPES.map((type) => (
                <div key={type} className="flex items-center gap-2">
                  <Checkbox
                    id={`event-${type}`}
                    checked={events.includes(type)}
                    onCheckedChange={(v) => setEvents((now) => (v === true ? [...now, type] : now.filter((t) => t !== type)))}
                  />
                  <Label htmlFor={`event-${type}`} className="font-mono text-xs">
                    {type}
                  </Label>
                </div>
              ))}
            </fieldset>
            {canAllowPrivate ? (
              <div className="flex items-center gap-2">
                <Checkbox id="allow-private" checked={allowPrivate} onCheckedChange={(v) => setAllowPrivate(v === true)} />
                <Label htmlFor="allow-private">Allow private, loopback and link-local targets (owners only)</Label>
              </div>
            ) : null}
            <FormError message={error && !error.fields ? error.message : null} />
            <DialogFooter>
              <Button type="submit" disabled={pending || events.length === 0}>
                {pending ? "Adding…" : "Add endpoint"}
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      <SecretOnceDialog
        open={secret !== null}
        title="Endpoint added"
        description="Verify deliveries with this signing secret (any Standard Webhooks library accepts it)."
        fields={[{ label: "Signing secret", value: secret ?? "" }]}
        notice={SEALED}
        onDone={() => setSecret(null)}
      />
    </>
  );
}
