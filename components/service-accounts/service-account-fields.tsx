"use client";

import { MAX_AUDIENCES } from "@/lib/service-accounts/policy";
import { useId } from "react";
import { Field } from "@/components/forms/field";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { AudienceInput } from "./audience-input";
import { HighRiskConfirm } from "./high-risk-confirm";
import { ScopePicker, type CatalogScope, type CreateScopeFn } from "./scope-picker";
import { TokenTtlField } from "./token-ttl-field";
import { GrantDurationField } from "./grant-duration-field";
import { firstError, type ServiceAccountForm } from "./use-service-account-form";

/** Name, description, scopes, audiences and token lifetime, with their field-level errors. */
export function ServiceAccountFields({
  form,
  catalog,
  onCreateScope,
  approvalNote,
}: {
  form: ServiceAccountForm;
  catalog: CatalogScope[];
  onCreateScope?: CreateScopeFn;
  /** When the organisation holds high-risk grants for approval: what happens to them, said where they are picked. */
  approvalNote?: string;
}) {
  const id = useId();
  const scopesError = firstError(form.errors, "scopes");
  const descriptionError = firstError(form.errors, "description");
  return (
    <div className="space-y-5">
      <Field
        id={`${id}-name`}
        name="name"
        label="Name"
        value={form.name}
        onChange={(e) => form.setName(e.target.value)}
        errors={form.errors.name}
        hint="Unique in this organisation, e.g. billing-reconciler."
        autoComplete="off"
      />
      <div className="space-y-2">
        <Label htmlFor={`${id}-description`}>Description (optional)</Label>
        <Textarea
          id={`${id}-description`}
          value={form.description}
          onChange={(e) => form.setDescription(e.target.value)}
          placeholder="What runs with this identity, and who owns it"
          aria-invalid={Boolean(descriptionError) || undefined}
          aria-describedby={descriptionError ? `${id}-description-error` : undefined}
        />
        {descriptionError ? (
          <p id={`${id}-description-error`} className="text-sm text-destructive">
            {descriptionError}
          </p>
        ) : null}
      </div>
      <div className="space-y-2">
        <Label htmlFor={`${id}-scopes`}>Scopes</Label>
        <ScopePicker
          id={`${id}-scopes`}
          catalog={catalog}
          value={form.scopes}
          onChange={form.setScopes}
          onCreateScope={onCreateScope}
          invalid={Boolean(scopesError)}
          describedBy={scopesError ? `${id}-scopes-error` : undefined}
        />
        {scopesError ? (
          <p id={`${id}-scopes-error`} className="text-sm text-destructive">
            {scopesError}
          </p>
        ) : null}
        <HighRiskConfirm
          scopes={form.riskyToConfirm}
          checked={form.highRiskConfirmed}
          onCheckedChange={form.setHighRiskConfirmed}
          error={form.confirmError}
        />
        {approvalNote && form.riskyToConfirm.length ? (
          <p className="text-sm text-muted-foreground" data-testid="approval-note">
            {approvalNote}
          </p>
        ) : null}
      </div>
      <GrantDurationField id={`${id}-grant-for`} value={form.grantFor} onChange={form.setGrantFor} error={firstError(form.errors, "grantForSeconds")} />
      <div className="space-y-2">
        <Label htmlFor={`${id}-audiences`}>Audiences</Label>
        <AudienceInput
          id={`${id}-audiences`}
          field={form.audiences}
          serverError={firstError(form.errors, "audiences")}
          hintId={`${id}-audiences-hint`}
        />
        <p id={`${id}-audiences-hint`} className="text-xs text-muted-foreground">
          The APIs this account may call: absolute URIs or names without spaces. Press Enter or a comma to add; 1 to {MAX_AUDIENCES}.
        </p>
      </div>
      <TokenTtlField id={`${id}-ttl`} value={form.ttl} onChange={form.setTtl} error={firstError(form.errors, "tokenTtlSeconds")} />
    </div>
  );
}
