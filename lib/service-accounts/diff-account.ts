/** The editable fields of a service account, as the console's form and the domain hold them. */
export interface AccountFields {
  name: string;
  description: string;
  scopes: string[];
  audiences: string[];
  tokenTtlSeconds: number;
}

export type AccountChange =
  | { field: "name" | "description" | "tokenTtlSeconds"; label: string; before: string; after: string }
  | { field: "scopes" | "audiences"; label: string; added: string[]; removed: string[] };

const LABELS = { name: "Name", description: "Description", scopes: "Scopes", audiences: "Audiences", tokenTtlSeconds: "Token lifetime" } as const;

/**
 * What an edit really changes: the console's review step shows `changes`, the
 * console sends only `patch` (so an untouched field can never be overwritten
 * by a stale copy), and the domain records `before`/`after` of the same
 * fields in the audit event. Lists compare as sets; text compares trimmed.
 * A field missing from `next` is not being edited.
 */
export function diffAccount(current: AccountFields, next: Partial<Omit<AccountFields, "tokenTtlSeconds">> & { tokenTtlSeconds?: number | string }) {
  const changes: AccountChange[] = [];
  const patch: Partial<AccountFields> = {};
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const take = (field: keyof AccountFields, value: unknown) => {
    (patch as Record<string, unknown>)[field] = value;
    before[field] = current[field];
    after[field] = value;
  };
  for (const field of ["name", "description"] as const) {
    const value = next[field];
    if (value === undefined || value.trim() === current[field].trim()) continue;
    changes.push({ field, label: LABELS[field], before: current[field] || "(none)", after: value || "(none)" });
    take(field, value);
  }
  for (const field of ["scopes", "audiences"] as const) {
    const value = next[field];
    if (value === undefined) continue;
    const added = value.filter((v) => !current[field].includes(v));
    const removed = current[field].filter((v) => !value.includes(v));
    if (!added.length && !removed.length) continue;
    changes.push({ field, label: LABELS[field], added, removed });
    take(field, value);
  }
  const ttl = next.tokenTtlSeconds;
  if (ttl !== undefined && Number(ttl) !== current.tokenTtlSeconds) {
    changes.push({ field: "tokenTtlSeconds", label: LABELS.tokenTtlSeconds, before: `${current.tokenTtlSeconds} s`, after: `${ttl} s` });
    take("tokenTtlSeconds", ttl);
  }
  return { changes, patch, audit: changes.length ? { before, after } : null };
}
