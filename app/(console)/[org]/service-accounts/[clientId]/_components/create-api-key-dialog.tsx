"use client";

import { useState, useTransition } from "react";
import { usePathname, useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { Field } from "@/components/forms/field";
import { FormError } from "@/components/forms/form-error";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { SecretOnceDialog } from "@/components/service-accounts/secret-once-dialog";
import { formatUtc } from "@/components/service-accounts/format";
import { createApiKeyAction } from "../actions";

const EXPIRY = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "365 days" },
  { value: "never", label: "Never" },
];

interface Issued {
  name: string;
  apiKey: string;
  expiresAt: string | null;
  /** The key carries a high-risk scope and works once this request is approved. */
  waiting: string | null;
}

export function CreateApiKeyDialog({ orgSlug, clientId, accountScopes }: { orgSlug: string; clientId: string; accountScopes: { name: string; highRisk: boolean }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState("90");
  const [subset, setSubset] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  // The plaintext key, in memory only until the person confirms they stored it.
  const [issued, setIssued] = useState<Issued | null>(null);
  const [pending, startTransition] = useTransition();

  const reset = () => {
    setName("");
    setExpiry("90");
    setSubset([]);
    setError(null);
    setFieldErrors({});
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      const result = await createApiKeyAction(orgSlug, clientId, {
        name,
        expiresInDays: expiry === "never" ? null : Number(expiry),
        // No subset ticked: the key carries whatever scopes the account holds.
        scopes: subset.length ? subset : undefined,
      });
      if (!result.ok) {
        setFieldErrors(result.fieldErrors ?? {});
        setError(result.fieldErrors ? null : result.error);
        return;
      }
      setOpen(false);
      reset();
      const waiting = result.data.changeRequest?.summary ?? null;
      setIssued({ name: result.data.name, apiKey: result.data.apiKey, expiresAt: result.data.expiresAt, waiting });
      toast.success(waiting ? `API key ${result.data.name} waits for approval` : `API key ${result.data.name} created`);
    });
  };

  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) reset();
        }}
      >
        <DialogTrigger asChild>
          <Button variant="outline">
            <Plus aria-hidden /> Create API key
          </Button>
        </DialogTrigger>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Create an API key</DialogTitle>
            <DialogDescription>For an integration that cannot request OAuth tokens. The key is shown once.</DialogDescription>
          </DialogHeader>
          <form onSubmit={submit} className="space-y-4" noValidate>
            <FormError message={error} />
            <Field id="api-key-name" name="name" label="Key name" value={name} onChange={(e) => setName(e.target.value)} errors={fieldErrors.name} autoComplete="off" />
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium">Expires after</legend>
              <div className="flex flex-wrap gap-1" role="group" aria-label="Expiry">
                {EXPIRY.map((o) => (
                  <Button key={o.value} type="button" size="sm" variant={expiry === o.value ? "default" : "outline"} aria-pressed={expiry === o.value} onClick={() => setExpiry(o.value)}>
                    {o.label}
                  </Button>
                ))}
              </div>
              {fieldErrors.expiresInDays ? <p className="text-sm text-destructive">{fieldErrors.expiresInDays[0]}</p> : null}
            </fieldset>
            {accountScopes.length ? (
              <fieldset className="space-y-2">
                <legend className="text-sm font-medium">Limit to scopes (optional)</legend>
                <p className="text-xs text-muted-foreground">Leave all unticked for every scope the account holds.</p>
                <div className="space-y-1">
                  {accountScopes.map((s) => (
                    <div key={s.name} className="flex items-center gap-2">
                      <Checkbox
                        id={`api-key-scope-${s.name}`}
                        checked={subset.includes(s.name)}
                        onCheckedChange={(on) => setSubset((cur) => (on === true ? [...cur, s.name] : cur.filter((n) => n !== s.name)))}
                      />
                      <Label htmlFor={`api-key-scope-${s.name}`} className="font-mono font-normal">
                        {s.name}
                        {s.highRisk ? <span className="font-sans text-xs text-warning"> (high risk)</span> : null}
                      </Label>
                    </div>
                  ))}
                </div>
                {fieldErrors.scopes ? <p className="text-sm text-destructive">{fieldErrors.scopes[0]}</p> : null}
              </fieldset>
            ) : null}
            <DialogFooter>
              <Button type="submit" disabled={pending}>
                {pending ? "Creating…" : "Create key"}
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
      {issued ? (
        <SecretOnceDialog
          open
          title={`API key “${issued.name}”`}
          description={`${issued.expiresAt ? `It expires ${formatUtc(issued.expiresAt)}.` : "It never expires; revoke it when the integration is retired."}${
            issued.waiting ? " It carries a high-risk scope, so it works only once someone else approves the request (listed on this page)." : ""
          }`}
          fields={[{ label: "API key", value: issued.apiKey }]}
          confirmLabel="I have stored the API key"
          onDone={() => {
            setIssued(null);
            router.replace(pathname);
          }}
        />
      ) : null}
    </>
  );
}
