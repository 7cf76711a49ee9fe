import { describe, expect, it } from "vitest";
import { db } from "../db";
import { actorFor, makeOrg, makeUser } from "../testing/factories";
import { getAccessReviewStatus } from "./get-access-review-status";
import { setReviewCadence } from "./set-review-cadence";
import { startAccessReview } from "./start-access-review";
import { closeAccessReview } from "./close-access-review";

const DAY = 86_400_000;

async function org() {
  const owner = await makeUser();
  const reviewer = await makeUser();
  const o = await makeOrg([{ userId: owner.id, role: "OWNER" }, { userId: reviewer.id, role: "REVIEWER" }]);
  return { org: o, actor: actorFor(owner), reviewer: actorFor(reviewer) };
}

describe("review cadence", () => {
  it("is due one cadence (default 90 days) after the organisation was created, then one cadence after the last close", async () => {
    const { org: o, actor } = await org();
    const created = o.createdAt.getTime();
    expect(await getAccessReviewStatus(actor, o.slug, new Date(created + 89 * DAY))).toMatchObject({ cadenceDays: 90, overdue: false, lastClosedAt: null });
    const late = new Date(created + 91 * DAY);
    expect(await getAccessReviewStatus(actor, o.slug, late)).toMatchObject({ overdue: true, dueAt: new Date(created + 90 * DAY) });

    // An open campaign does not satisfy the cadence; closing it does.
    const { id } = await startAccessReview(actor, o.slug, { now: late });
    expect(await getAccessReviewStatus(actor, o.slug, late)).toMatchObject({ overdue: true, openReview: { id } });
    await closeAccessReview(actor, o.slug, id, { now: late });
    const status = await getAccessReviewStatus(actor, o.slug, new Date(late.getTime() + DAY));
    expect(status).toMatchObject({ overdue: false, openReview: null, lastClosedAt: late, dueAt: new Date(late.getTime() + 90 * DAY) });
  });

  it("an ADMIN or OWNER sets the cadence, recorded with before and after; a REVIEWER may not", async () => {
    const { org: o, actor, reviewer } = await org();
    await expect(setReviewCadence(reviewer, o.slug, { days: 30 })).rejects.toMatchObject({ code: "forbidden" });
    await expect(setReviewCadence(actor, o.slug, { days: 3 })).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { days: [expect.stringMatching(/At least 7/)] } });
    expect(await setReviewCadence(actor, o.slug, { days: "30" })).toEqual({ reviewCadenceDays: 30, changed: true });
    expect(await setReviewCadence(actor, o.slug, { days: 30 })).toEqual({ reviewCadenceDays: 30, changed: false });
    const events = await db().auditEvent.findMany({ where: { orgId: o.id, action: "organization.settings_changed" } });
    expect(events.map((e) => JSON.parse(e.metadata!))).toEqual([{ before: { reviewCadenceDays: 90 }, after: { reviewCadenceDays: 30 } }]);
    expect(await getAccessReviewStatus(reviewer, o.slug, new Date(o.createdAt.getTime() + 31 * DAY))).toMatchObject({ cadenceDays: 30, overdue: true });
  });
});
