"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { FormError } from "@/components/forms/form-error";
import { CopyButton } from "@/components/service-accounts/copy-button";
import { SecretOnceDialog } from "@/components/service-accounts/secret-once-dialog";
import { createAutomationAccountAction } from "../actions";

interface Created {
  clientId: string;
  clientSecret: string;
  audience: string;
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The two requests a CI job makes: a token for the API's audience, then a call with it. */
function curlCommands(issuer: string, c: Created) {
  return [
    `TOKEN=$(curl -sS -X POST ${shellQuote(`${issuer}/oauth/token`)} \\`,
    `  -u ${shellQuote(`${c.clientId}:${c.clientSecret}`)} \\`,
    `  -d grant_type=client_credentials -d audience=${c.audience} | jq -r .access_token)`,
    "",
    `curl -sS ${shellQuote(`${issuer}/api/v1/service-accounts`)} -H "Authorization: Bearer $TOKEN"`,
    "",
  ].join("\n");
}

/**
 * "Create an automation account": a service account holding the chosen
 * tessera:* scopes and the audience {issuer}/api, its secret shown once with
 * the curl commands that use it.
 */
export function AutomationAccountHelper({ orgSlug, issuer, scopes }: { orgSlug: string; issuer: string; scopes: { name: string; description: string }[] }) {
  const [name, setName] = useState("ci-provisioner");
  const [chosen, setChosen] = useState<string[]>(["tessera:service-accounts:write"]);
  const [understood, setUnderstood] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    startTransition(async () => {
      const result = await createAutomationAccountAction(orgSlug, { name, scopes: chosen as never });
      if (!result.ok) return setError(result.error);
      setError(null);
      setCreated(result.data);
    });
  };

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Create an automation account">
      <div className="space-y-2">
        <Label htmlFor="automation-name">Name</Label>
        <Input id="automation-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Scopes (all high-risk: they act on this organisation)</legend>
        {scopes.map((s) => (
          <div key={s.name} className="flex items-start gap-2">
            <Checkbox
              id={`automation-${s.name}`}
              checked={chosen.includes(s.name)}
              onCheckedChange={(on) => setChosen(on === true ? [...chosen, s.name] : chosen.filter((x) => x !== s.name))}
            />
            <Label htmlFor={`automation-${s.name}`} className="flex flex-col items-start gap-0.5 font-normal">
              <span className="font-mono text-xs">{s.name}</span>
              <span className="text-xs text-muted-foreground">{s.description}</span>
            </Label>
          </div>
        ))}
      </fieldset>
      <p className="text-sm text-muted-foreground">
        Audience: <code className="font-mono">{issuer}/api</code>, the only one the management API accepts.
      </p>
      <div className="flex items-center gap-2">
        <Checkbox id="automation-understood" checked={understood} onCheckedChange={(on) => setUnderstood(on === true)} />
        <Label htmlFor="automation-understood" className="font-normal">
          I understand this account can change this organisation&apos;s service accounts and credentials
        </Label>
      </div>
      <FormError message={error} />
      <Button type="submit" disabled={pending || !understood || chosen.length === 0}>
        {pending ? "Creating…" : "Create automation account"}
      </Button>
      {created ? (
        <SecretOnceDialog
          open
          title="Automation account created"
          description="Copy the client secret now: it is shown this once. A CI job uses it as below."
          fields={[
            { label: "Client ID", value: created.clientId },
            { label: "Client secret", value: created.clientSecret },
          ]}
          onDone={() => setCreated(null)}
        >
          <div className="relative min-w-0">
            <pre className="max-h-64 overflow-auto rounded-md border bg-muted p-3 pr-10 font-mono text-xs leading-relaxed break-all whitespace-pre-wrap">
              <code>{curlCommands(issuer, created)}</code>
            </pre>
            <CopyButton value={curlCommands(issuer, created)} label="Copy curl commands" className="absolute top-1 right-1" />
          </div>
        </SecretOnceDialog>
      ) : null}
    </form>
  );
}
