import { describe, expect, it } from "vitest";
import { db, transaction } from "../db";
import { recordAuditEvent } from "./record-audit-event";
import { systemActor } from "./types";
import { getAuditEvent } from "./get-audit-event";
import { actorFor, makeOrg, makeUser } from "../testing/factories";

describe("getAuditEvent", () => {
  it("finds an organisation's event by id, shaped like a listed one; not another organisation's", async () => {
    const reviewer = await makeUser();
    const org = await makeOrg([{ userId: reviewer.id, role: "REVIEWER" }]);
    const other = await makeOrg();
    const record = async (orgId: string) => {
      await transaction((tx) => recordAuditEvent(tx, { orgId, action: "audit.exported", actor: systemActor, metadata: { format: "csv" } }));
      return db().auditEvent.findFirstOrThrow({ where: { orgId }, orderBy: { seq: "desc" } });
    };
    const mine = await record(org.id);
    const theirs = await record(other.id);

    const found = await getAuditEvent(actorFor(reviewer), org.slug, mine.id);
    expect(found).toMatchObject({ id: mine.id, action: "audit.exported", occurredAt: mine.occurredAt.toISOString(), metadata: { format: "csv" } });
    expect(await getAuditEvent(actorFor(reviewer), org.slug, theirs.id)).toBeNull();
    expect(await getAuditEvent(actorFor(reviewer), org.slug, "no-such-event")).toBeNull();

    const stranger = actorFor(await makeUser());
    await expect(getAuditEvent(stranger, org.slug, mine.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
