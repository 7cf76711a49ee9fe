import { z } from "zod";
import { decideAccessReviewSchema, listAccessReviewsSchema } from "../../schemas/access-review";

const iso = z.string().meta({ format: "date-time" });
const status = z.enum(["open", "closed"]);
const counts = { grants: z.number().int(), keep: z.number().int(), remove: z.number().int(), undecided: z.number().int() };

export const accessReviewSummarySchema = z
  .object({ id: z.string(), status, startedAt: iso, startedBy: z.string().nullable(), closedAt: iso.nullable(), closedBy: z.string().nullable(), ...counts })
  .meta({ id: "AccessReviewSummary" });
export const accessReviewListSchema = z.object({ items: z.array(accessReviewSummarySchema), nextCursor: z.null() });
export const listAccessReviewsQuery = listAccessReviewsSchema.strict();

const grantSchema = z.object({
  itemId: z.string().meta({ description: "Name it in a decision" }),
  scope: z.string(),
  highRisk: z.boolean(),
  grantedAt: iso,
  lastRequestedAt: iso.nullable().meta({ description: "When a token last carried this scope, as of the campaign's start" }),
  decision: z.enum(["keep", "remove"]).nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: iso.nullable(),
  outcome: z.enum(["removed", "kept", "undecided", "gone"]).nullable().meta({ description: "What closing did" }),
});
const credentialSchema = z.object({
  kind: z.enum(["client_secret", "api_key"]),
  id: z.string(),
  name: z.string().nullable(),
  hint: z.string(),
  createdAt: iso,
  expiresAt: iso.nullable(),
  lastUsedAt: iso.nullable(),
});

export const accessReviewSchema = z
  .object({
    id: z.string(),
    status,
    startedAt: iso,
    startedBy: z.string().nullable(),
    closedAt: iso.nullable(),
    closedBy: z.string().nullable(),
    ...counts,
    accounts: z.array(
      z.object({
        clientId: z.string(),
        name: z.string(),
        status: z.string(),
        owner: z.string().nullable(),
        credentials: z.array(credentialSchema),
        grants: z.array(grantSchema),
      }),
    ),
  })
  .meta({ id: "AccessReview" });

export const startedAccessReviewSchema = z.object({ id: z.string(), startedAt: iso, accounts: z.number().int(), grants: z.number().int() });
export const decideAccessReviewBody = decideAccessReviewSchema.strict();
export const decisionSchema = z.object({ itemId: z.string(), decision: z.enum(["keep", "remove"]), changed: z.boolean() });
export const closedAccessReviewSchema = z.object({
  id: z.string(),
  closedAt: iso,
  removed: z.number().int(),
  kept: z.number().int(),
  undecided: z.number().int(),
  gone: z.number().int(),
});
