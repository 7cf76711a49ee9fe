import { z } from "zod";

/**
 * Ids and names that point at an existing object, as the adapters pass them
 * (path segments, Server Action arguments, CLI arguments, JSON bodies). Only
 * a string may reach a Prisma `where`: an object such as `{ not: "" }` is
 * read there as a filter and matches some other row. Beyond being a
 * bounded string no format is imposed: an id that names nothing answers 404
 * where it is looked up, exactly as another organisation's id does.
 */
const reference = (what: string, max = 200) =>
  z.string({ message: `${what} must be text` }).min(1, `${what} is missing`).max(max, `${what} is too long`);

export const idSchema = reference("The id");
export const clientIdSchema = reference("The client id", 100);

export const serviceAccountRefSchema = z.object({ clientId: clientIdSchema });
export const clientSecretRefSchema = z.object({ secretId: idSchema });
export const apiKeyRefSchema = z.object({ keyId: idSchema });
export const membershipRefSchema = z.object({ membershipId: idSchema });
export const invitationRefSchema = z.object({ invitationId: idSchema });
export const invitationTokenSchema = z.object({ token: reference("The invitation link") });
export const scopeRefSchema = z.object({ scopeName: reference("The scope name") });
/** Any string: an event id that is empty or too long simply names no event. */
export const auditEventRefSchema = z.object({ id: z.string({ message: "The event id must be text" }) });
export const listRecentAuditEventsSchema = z.object({
  take: z.number({ message: "take must be a number" }).int().min(1).max(50).default(10),
});
