import { z } from "zod";
import {
  audienceSchema,
  audiencesSchema,
  createServiceAccountSchema,
  tokenTtlSchema,
  setServiceAccountOwnerSchema,
  updateServiceAccountSchema,
} from "../../schemas/service-account";
import { listServiceAccountsSchema } from "../../service-accounts/list-service-accounts";
import { AppError } from "../../errors";
import { changeRequestSchema } from "./change-requests";

const iso = z.string().meta({ format: "date-time" });
const status = z.enum(["ACTIVE", "DISABLED"]);

/** A service account as the API shows it: never a secret, a hash or an internal id. */
export const serviceAccountSchema = z
  .object({
    clientId: z.string(),
    name: z.string(),
    description: z.string(),
    status,
    scopes: z.array(z.string()),
    audiences: z.array(z.string()),
    tokenTtlSeconds: z.number().int(),
    createdAt: iso,
    updatedAt: iso,
    lastUsedAt: iso.nullable(),
    ownerEmail: z.string().nullable().meta({ description: "The member who answers for the account in access reviews" }),
  })
  .meta({ id: "ServiceAccount" });

export const serviceAccountPageSchema = z.object({ items: z.array(serviceAccountSchema), nextCursor: z.string().nullable() }).meta({ id: "ServiceAccountPage" });

/** The create answer: the only time the client secret is ever shown. */
export const createdServiceAccountSchema = z
  .object({
    clientId: z.string(),
    clientSecret: z.string().meta({ description: "Shown once; store it now" }),
    secretId: z.string(),
    name: z.string(),
    scopes: z.array(z.string()),
    audiences: z.array(z.string()),
    tokenTtlSeconds: z.number().int(),
    status,
    changeRequest: changeRequestSchema
      .optional()
      .meta({ description: "Present when the organisation requires approval and high-risk scopes were asked for: they wait here; `scopes` lists what the account holds now" }),
  })
  .meta({ id: "CreatedServiceAccount" });

/** The console's list filters, with a keyset cursor instead of page numbers. */
export const listServiceAccountsQuery = listServiceAccountsSchema
  .pick({ q: true, status: true, scope: true, audience: true, dir: true, cursor: true })
  .extend({
    sort: z.enum(["name", "createdAt"]).default("name"),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

/**
 * The CLI's field names, plus the Scalekit-style `audience` (a string or a
 * list) and `expiry` (token lifetime in seconds), so a body written for
 * `POST /api/v1/organizations/{org}/clients` works as it is.
 */
export const createServiceAccountBody = createServiceAccountSchema
  .extend({
    audiences: audiencesSchema.optional(),
    audience: z.union([audienceSchema, z.array(audienceSchema)]).optional().meta({ description: "Alias of audiences (Scalekit style)" }),
    tokenTtlSeconds: tokenTtlSchema.optional(),
    expiry: tokenTtlSchema.optional().meta({ description: "Alias of tokenTtlSeconds, in seconds (Scalekit style)" }),
  })
  .strict();

/** The domain's create input from an API body; giving a field under both names is a 422. */
export function toCreateInput(body: z.output<typeof createServiceAccountBody>) {
  const { audience, expiry, ...rest } = body;
  const both = (a: unknown, b: unknown, alias: string, field: string) => {
    if (a !== undefined && b !== undefined) {
      throw new AppError("validation_failed", `Give ${field} or ${alias}, not both`, { fieldErrors: { [alias]: [`Give ${field} or ${alias}, not both`] } });
    }
  };
  both(body.audiences, audience, "audience", "audiences");
  both(body.tokenTtlSeconds, expiry, "expiry", "tokenTtlSeconds");
  return {
    ...rest,
    audiences: rest.audiences ?? (audience === undefined ? [] : [audience].flat()),
    tokenTtlSeconds: rest.tokenTtlSeconds ?? expiry,
  };
}

export const updateServiceAccountBody = updateServiceAccountSchema
  .extend({
    status: status.optional().meta({ description: "DISABLED stops every secret, key and token of the account at once" }),
    ownerEmail: setServiceAccountOwnerSchema.shape.ownerEmail.optional().meta({ description: "A member's email, or null for no owner" }),
  })
  .strict();
