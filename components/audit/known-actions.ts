import { AUDIT_ACTIONS } from "@/lib/audit/catalog";

/** The actions the audit filter offers: the audit catalog's. The trail may hold older ones, which still show in the table. */
export const KNOWN_AUDIT_ACTIONS = AUDIT_ACTIONS;

export const TIME_RANGES = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
export type TimeRange = keyof typeof TIME_RANGES | "custom";

export const AUDIT_FILTER_KEYS = ["actor", "actorType", "action", "target", "clientId", "outcome", "range", "from", "to"] as const;
