import { z } from "zod";
import { CHANGE_REQUEST_STATUSES, listChangeRequestsSchema, rejectChangeRequestSchema } from "../../schemas/change-request";
import { CHANGE_REQUEST_KINDS } from "../../change-requests/payload";

const iso = z.string().meta({ format: "date-time" });
const party = z.object({ type: z.string().meta({ description: "user, service_account, api_key, cli or system" }), label: z.string().nullable() });

/** A change request as the API shows it: never a credential hash, never a user's internal id. */
export const changeRequestSchema = z
  .object({
    id: z.string(),
    kind: z.enum(CHANGE_REQUEST_KINDS),
    status: z.enum(CHANGE_REQUEST_STATUSES),
    summary: z.string(),
    target: z.object({ type: z.enum(["service_account", "scope", "organization"]), id: z.string(), label: z.string() }),
    changes: z
      .array(
        z.union([
          z.object({ field: z.string(), label: z.string(), added: z.array(z.string()), removed: z.array(z.string()) }),
          z.object({ field: z.string(), label: z.string(), before: z.string(), after: z.string() }),
        ]),
      )
      .meta({ description: "What approving it changes: lists gain and lose items, values go from before to after" }),
    grantForSeconds: z.number().int().nullable().meta({ description: "Scopes this change adds are removed by themselves this long after approval" }),
    requestedBy: party,
    requestedAt: iso,
    expiresAt: iso.meta({ description: "Undecided by then, it expires" }),
    decidedBy: party.nullable(),
    decidedAt: iso.nullable(),
    comment: z.string().nullable(),
  })
  .meta({ id: "ChangeRequest" });

export const changeRequestPageSchema = z.object({ items: z.array(changeRequestSchema), nextCursor: z.string().nullable() }).meta({ id: "ChangeRequestPage" });
export const listChangeRequestsQuery = listChangeRequestsSchema.strict();
export const rejectChangeRequestBody = rejectChangeRequestSchema.strict();

/** 202: the change waits for approval; nothing (or, for a create, only the part that needs none) was applied. */
export const pendingChangeSchema = z.object({ changeRequest: changeRequestSchema }).meta({ id: "PendingChange" });
