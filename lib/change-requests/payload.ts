import { z } from "zod";

/**
 * What a change request holds: the change to apply, exactly (one shape per
 * kind), and what its reviewers see (a summary and before/after lines).
 * Stored as JSON in ChangeRequest.payload; read back through this schema.
 */
export const CHANGE_REQUEST_KINDS = [
  "grant_scopes",
  "update_service_account",
  "create_api_key",
  "activate_service_account",
  "disable_approval",
  "update_scope",
] as const;
export type ChangeRequestKind = (typeof CHANGE_REQUEST_KINDS)[number];

const lines = z.array(
  z.union([
    z.object({ field: z.string(), label: z.string(), added: z.array(z.string()), removed: z.array(z.string()) }),
    z.object({ field: z.string(), label: z.string(), before: z.string(), after: z.string() }),
  ]),
);
/** One line of a review: a list that gains and loses items, or a value before → after. */
export type ChangeLine = z.infer<typeof lines>[number];

export const changeRequestPayloadSchema = z.object({
  summary: z.string(),
  changes: lines,
  /** Time-box for the scopes the change adds, counted from approval. */
  grantForSeconds: z.number().int().nullable().default(null),
  /** grant_scopes: the high-risk scopes held back when the account was created. */
  scopes: z.array(z.string()).optional(),
  /** update_service_account: the fields to set, as the update was sent. */
  patch: z
    .object({
      name: z.string().optional(),
      description: z.string().optional(),
      scopes: z.array(z.string()).optional(),
      audiences: z.array(z.string()).optional(),
      tokenTtlSeconds: z.number().int().optional(),
    })
    .optional(),
  /** create_api_key: the key to create (its hash waits in ChangeRequest.credentialHash). */
  apiKey: z.object({ id: z.string(), name: z.string(), scopes: z.array(z.string()).nullable(), expiresAt: z.string().nullable() }).optional(),
  /** update_scope: the catalog fields to set. */
  scope: z.object({ description: z.string().optional(), highRisk: z.boolean().optional() }).optional(),
});
/** As a domain function writes it, and as it is read back (defaults filled in). */
export type ChangeRequestPayload = z.input<typeof changeRequestPayloadSchema>;
export type StoredPayload = z.output<typeof changeRequestPayloadSchema>;

export const readPayload = (text: string): StoredPayload => changeRequestPayloadSchema.parse(JSON.parse(text));
