/** Defaults of the list's URL state; shared by the server page and the client table so they agree. */
export const LIST_DEFAULTS = { sort: "name", dir: "asc", pageSize: 25 } as const;
export const PAGE_SIZES = [10, 25, 50, 100];
export const FILTER_KEYS = ["q", "status", "scope", "audience"] as const;
