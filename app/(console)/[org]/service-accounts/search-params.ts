import { listServiceAccountsSchema } from "@/lib/service-accounts/list-service-accounts";

const KEYS = ["q", "status", "scope", "audience", "sort", "dir", "page", "pageSize"] as const;

/**
 * The list's query from the URL. A hand-edited or stale parameter the schema
 * refuses is dropped (its default applies) instead of failing the page.
 */
export function parseListQuery(searchParams: Record<string, string | string[] | undefined>) {
  const raw: Record<string, string> = {};
  for (const key of KEYS) {
    const value = searchParams[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (first) raw[key] = first;
  }
  const parsed = listServiceAccountsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) delete raw[String(issue.path[0])];
  return listServiceAccountsSchema.safeParse(raw).data ?? listServiceAccountsSchema.parse({});
}
