import { db, type Prisma } from "../db";
import { AppError } from "../errors";
import type { Actor } from "../audit/types";
import { authorizeOrg } from "../authz";
import { listChangeRequestsSchema, type ListChangeRequestsInput } from "../schemas/change-request";
import { parseInput } from "../validation";
import { presentChangeRequest } from "./present-change-request";

interface Cursor {
  t: string;
  id: string;
}
const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decode(value: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Cursor;
    if (typeof c.t === "string" && typeof c.id === "string" && !Number.isNaN(Date.parse(c.t))) return c;
  } catch {
    // fall through
  }
  throw new AppError("validation_failed", "Invalid cursor", { fieldErrors: { cursor: ["Invalid cursor"] } });
}

/**
 * An organisation's change requests, newest first, optionally of one
 * status, paged by keyset cursor. Anyone who may read service accounts may
 * see them (REVIEWERs included: a pending high-risk grant is theirs to
 * watch), and so may an approver machine.
 */
export async function listChangeRequests(actor: Actor, orgSlug: string, input: ListChangeRequestsInput = {}) {
  const { status, target, limit, cursor } = parseInput(listChangeRequestsSchema, input);
  const { org } = await authorizeOrg(actor, orgSlug, "service-accounts:read");
  const where: Prisma.ChangeRequestWhereInput = { orgId: org.id, ...(status === "all" ? {} : { status }), ...(target ? { targetId: target } : {}) };
  if (cursor) {
    const c = decode(cursor);
    const t = new Date(c.t);
    where.OR = [{ requestedAt: { lt: t } }, { requestedAt: t, id: { lt: c.id } }];
  }
  const rows = await db().changeRequest.findMany({ where, orderBy: [{ requestedAt: "desc" }, { id: "desc" }], take: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(presentChangeRequest),
    nextCursor: rows.length > limit && last ? encode({ t: last.requestedAt.toISOString(), id: last.id }) : null,
  };
}
