import { z } from "zod";
import { createApiKeySchema, rotateClientSecretSchema } from "../../schemas/service-account";
import { changeRequestSchema } from "./change-requests";

const iso = z.string().meta({ format: "date-time" });
const credentialStatus = z.enum(["active", "expired", "revoked"]);

export const clientSecretSchema = z
  .object({
    id: z.string(),
    hint: z.string().meta({ description: "Last 4 characters, to tell secrets apart" }),
    status: credentialStatus,
    createdAt: iso,
    expiresAt: iso.nullable(),
    revokedAt: iso.nullable(),
    lastUsedAt: iso.nullable(),
  })
  .meta({ id: "ClientSecret" });
export const clientSecretListSchema = z.object({ items: z.array(clientSecretSchema), nextCursor: z.null() });

export const rotateSecretBody = rotateClientSecretSchema.strict();
export const rotatedSecretSchema = z
  .object({
    clientId: z.string(),
    clientSecret: z.string().meta({ description: "Shown once; store it now" }),
    secretId: z.string(),
    previousSecretExpiresAt: iso.nullable(),
  })
  .meta({ id: "RotatedSecret" });
export const revokedSecretSchema = z.object({ clientId: z.string(), secretId: z.string(), revokedAt: iso });

export const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    hint: z.string(),
    scopes: z.array(z.string()).nullable().meta({ description: "null: every scope the account holds" }),
    status: credentialStatus,
    createdAt: iso,
    expiresAt: iso.nullable(),
    revokedAt: iso.nullable(),
    lastUsedAt: iso.nullable(),
  })
  .meta({ id: "ApiKey" });
export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema), nextCursor: z.null() });

export const createApiKeyBody = createApiKeySchema.strict();
export const createdApiKeySchema = z
  .object({
    id: z.string(),
    apiKey: z.string().meta({ description: "Shown once; present it as Authorization: Bearer tak_…" }),
    name: z.string(),
    clientId: z.string(),
    expiresAt: iso.nullable(),
  })
  .meta({ id: "CreatedApiKey" });
/** 202: a key carrying a high-risk scope, shown this once, that works once its change request is approved. */
export const pendingApiKeySchema = createdApiKeySchema
  .extend({ changeRequest: changeRequestSchema })
  .meta({ id: "PendingApiKey", description: "The key is shown this once; it works from the moment its change request is approved" });
export const revokedApiKeySchema = z.object({ id: z.string(), revokedAt: iso });
