import type { UpdateServiceAccountInput } from "@/lib/schemas/service-account";
import type { ServiceAccountValues } from "@/components/service-accounts/use-service-account-form";

export type AccountChange =
  | { field: "name" | "description" | "tokenTtlSeconds"; label: string; before: string; after: string }
  | { field: "scopes" | "audiences"; label: string; added: string[]; removed: string[] };

type Edited = Omit<ServiceAccountValues, "tokenTtlSeconds"> & { tokenTtlSeconds: string };

/**
 * What an edit really changes, for the review step, and the patch that sends
 * only those fields (so an untouched field can never be overwritten by a
 * stale copy).
 */
export function diffAccount(before: ServiceAccountValues, after: Edited) {
  const changes: AccountChange[] = [];
  const patch: UpdateServiceAccountInput = {};
  if (after.name !== before.name) {
    changes.push({ field: "name", label: "Name", before: before.name, after: after.name });
    patch.name = after.name;
  }
  if (after.description.trim() !== before.description.trim()) {
    changes.push({ field: "description", label: "Description", before: before.description || "(none)", after: after.description || "(none)" });
    patch.description = after.description;
  }
  for (const field of ["scopes", "audiences"] as const) {
    const added = after[field].filter((v) => !before[field].includes(v));
    const removed = before[field].filter((v) => !after[field].includes(v));
    if (added.length || removed.length) {
      changes.push({ field, label: field === "scopes" ? "Scopes" : "Audiences", added, removed });
      patch[field] = after[field];
    }
  }
  if (after.tokenTtlSeconds !== String(before.tokenTtlSeconds)) {
    changes.push({ field: "tokenTtlSeconds", label: "Token lifetime", before: `${before.tokenTtlSeconds} s`, after: `${after.tokenTtlSeconds} s` });
    patch.tokenTtlSeconds = after.tokenTtlSeconds;
  }
  return { changes, patch };
}
