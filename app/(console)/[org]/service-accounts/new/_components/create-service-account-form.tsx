"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardFooter } from "@/components/ui/card";
import { FormError } from "@/components/forms/form-error";
import { CredentialSnippets } from "@/components/service-accounts/credential-snippets";
import { SecretOnceDialog } from "@/components/service-accounts/secret-once-dialog";
import { ServiceAccountFields } from "@/components/service-accounts/service-account-fields";
import { useServiceAccountForm } from "@/components/service-accounts/use-service-account-form";
import type { CatalogScope, CreateScopeFn } from "@/components/service-accounts/scope-picker";
import { createServiceAccountAction } from "../../actions";
import { createScopeAction } from "../../../scopes/actions";

const FIELDS = ["name", "description", "scopes", "audiences", "tokenTtlSeconds"];

interface Created {
  clientId: string;
  clientSecret: string;
  name: string;
  audiences: string[];
  /** High-risk scopes held back for approval, when the organisation requires it. */
  waiting: { id: string; summary: string } | null;
}

export function CreateServiceAccountForm({
  orgSlug,
  tokenUrl,
  catalog,
  approvalRequired = false,
}: {
  orgSlug: string;
  tokenUrl: string;
  catalog: CatalogScope[];
  approvalRequired?: boolean;
}) {
  const router = useRouter();
  const form = useServiceAccountForm({ name: "", description: "", scopes: [], audiences: [], tokenTtlSeconds: 3600 }, catalog);
  const [formError, setFormError] = useState<string | null>(null);
  // The plaintext secret lives here, in this component's memory, until the dialog is done.
  const [created, setCreated] = useState<Created | null>(null);
  const [pending, startTransition] = useTransition();

  const createScope: CreateScopeFn = (input) => createScopeAction(orgSlug, input);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const values = form.collect();
    if (!values) return;
    startTransition(async () => {
      const result = await createServiceAccountAction(orgSlug, values);
      if (result.ok) {
        form.setErrors({});
        setFormError(null);
        setCreated(result.data);
        toast.success(`${result.data.name} created`);
        return;
      }
      const errors = result.fieldErrors ?? {};
      form.setErrors(errors);
      const shown = Object.keys(errors).some((k) => FIELDS.includes(k.split(".")[0]!));
      setFormError(shown ? "Nothing was saved. Check the highlighted fields." : result.error);
    });
  };

  const done = () => {
    const clientId = created!.clientId;
    setCreated(null);
    // replace: the form page (and the dialog state) leave history; no URL ever carries the secret.
    router.replace(`/${orgSlug}/service-accounts/${clientId}`);
  };

  return (
    <>
      <form onSubmit={submit} noValidate aria-label="Create service account">
        <Card>
          <CardContent className="space-y-5">
            <FormError message={formError} />
            <ServiceAccountFields
              form={form}
              catalog={catalog}
              onCreateScope={createScope}
              approvalNote={
                approvalRequired
                  ? "This organisation requires approval: the account is created now with its other scopes, and the high-risk ones wait until someone else approves them."
                  : undefined
              }
            />
          </CardContent>
          <CardFooter className="justify-end gap-2">
            <Button asChild variant="ghost">
              <Link href={`/${orgSlug}/service-accounts`}>Cancel</Link>
            </Button>
            <Button type="submit" disabled={pending || Boolean(created)}>
              {pending ? "Creating…" : "Create service account"}
            </Button>
          </CardFooter>
        </Card>
      </form>
      {created ? (
        <SecretOnceDialog
          open
          title={`${created.name} is ready`}
          // No link here: leaving this dialog by navigation would lose the secret. The account page lists the request.
          description={`Store the client secret in your secret manager now, then wire up the service with one of the snippets.${
            created.waiting ? ` Waiting for approval: ${created.waiting.summary} (the account page links to the request).` : ""
          }`}
          fields={[
            { label: "Client ID", value: created.clientId },
            { label: "Client secret", value: created.clientSecret },
          ]}
          onDone={done}
        >
          <CredentialSnippets
            tokenUrl={tokenUrl}
            clientId={created.clientId}
            clientSecret={created.clientSecret}
            audiences={created.audiences}
            accountName={created.name}
          />
        </SecretOnceDialog>
      ) : null}
    </>
  );
}
