"use client";

import { useState } from "react";
import { useAudienceField } from "./audience-input";
import { newHighRiskScopes, type CatalogScope } from "./scope-picker";
import { parseDuration } from "@/lib/schemas/service-account";

export interface ServiceAccountValues {
  name: string;
  description: string;
  scopes: string[];
  audiences: string[];
  tokenTtlSeconds: number;
}

export type FieldErrors = Record<string, string[] | undefined>;

/** First message for a field, including item errors like `audiences.1` from the server's schema. */
export function firstError(errors: FieldErrors, field: string): string | undefined {
  if (errors[field]?.length) return errors[field]![0];
  const key = Object.keys(errors).find((k) => k.startsWith(`${field}.`));
  return key ? errors[key]?.[0] : undefined;
}

/**
 * Form state shared by "create" and "edit". Client-side checks are limited to
 * what the browser must decide (audience syntax, the high-risk confirmation);
 * everything else is the server's schema, whose field errors land in `errors`.
 */
export function useServiceAccountForm(initial: ServiceAccountValues, catalog: CatalogScope[], heldScopes: string[] = []) {
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [scopes, setScopes] = useState(initial.scopes);
  const [ttl, setTtl] = useState(String(initial.tokenTtlSeconds));
  const [highRiskConfirmed, setHighRiskConfirmed] = useState(false);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [grantFor, setGrantFor] = useState("");
  const audiences = useAudienceField(initial.audiences);

  const riskyToConfirm = newHighRiskScopes(scopes, catalog, heldScopes);

  /** The values to send, or null after showing why they cannot be sent yet. */
  const collect = () => {
    const audienceList = audiences.draft.trim() ? audiences.commit() : audiences.values;
    let ok = audienceList !== null;
    if (riskyToConfirm.length && !highRiskConfirmed) {
      setConfirmError("Confirm the high-risk scopes before saving");
      ok = false;
    } else setConfirmError(null);
    let grantForSeconds: number | undefined;
    if (grantFor.trim()) {
      try {
        grantForSeconds = parseDuration(grantFor);
      } catch (e) {
        setErrors((current) => ({ ...current, grantForSeconds: [(e as Error).message] }));
        ok = false;
      }
    }
    if (!ok || !audienceList) return null;
    return { name: name.trim(), description, scopes, audiences: audienceList, tokenTtlSeconds: ttl, grantForSeconds };
  };

  const reset = (to: ServiceAccountValues) => {
    setName(to.name);
    setDescription(to.description);
    setScopes(to.scopes);
    setTtl(String(to.tokenTtlSeconds));
    setHighRiskConfirmed(false);
    setConfirmError(null);
    setErrors({});
    setGrantFor("");
    audiences.reset(to.audiences);
  };

  return {
    name,
    setName,
    description,
    setDescription,
    scopes,
    setScopes,
    ttl,
    setTtl,
    audiences,
    highRiskConfirmed,
    setHighRiskConfirmed,
    confirmError,
    riskyToConfirm,
    grantFor,
    setGrantFor,
    errors,
    setErrors,
    collect,
    reset,
  };
}
export type ServiceAccountForm = ReturnType<typeof useServiceAccountForm>;
