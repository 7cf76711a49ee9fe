import { describe, expect, it } from "vitest";
import { db, transaction } from "../db";
import { cliActor, systemActor } from "./types";
import { recordAuditEvents } from "./record-audit-event";
import { exportAuditEvents } from "./export-audit-events";
import { listAuditEvents } from "./list-audit-events";
import { actorFor, makeOrg, makeUser } from "../testing/factories";

async function orgWithEvents(n: number) {
  const org = await makeOrg();
  await transaction((tx) =>
    recordAuditEvents(
      tx,
      Array.from({ length: n }, (_, i) => ({
        orgId: org.id,
        occurredAt: new Date(Date.UTC(2030, 0, 1, 0, 0, i)),
        action: i % 3 === 0 ? "token.denied" : "token.issued",
        outcome: i % 3 === 0 ? ("failure" as const) : ("success" as const),
        actor: { ...systemActor, label: i === 1 ? '=HYPERLINK("x"),"quoted"' : "tessera" },
        target: { type: "service_account", id: i % 2 ? "sa_odd" : "sa_even", label: null },
        metadata: { i },
      })),
    ),
  );
  return org;
}

/** Every event the list returns for `query`, following its cursors page by page. */
async function allPages(slug: string, query: Omit<Parameters<typeof listAuditEvents>[2] & object, "cursor">) {
  const events = [];
  let cursor: string | undefined;
  do {
    const page = await listAuditEvents(cliActor(), slug, { ...query, cursor });
    events.push(...page.events);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return events;
}

async function collect(lines: () => AsyncGenerator<string>) {
  let text = "";
  for await (const chunk of lines()) text += chunk;
  return text;
}

describe("audit list and export", () => {
  it("pages a client id's events whether it acted or was acted on, each once, newest first", async () => {
    const org = await makeOrg();
    const client = { type: "service_account" as const, id: "sa_mixed", label: "mixed" };
    const other = { type: "service_account" as const, id: "sa_other", label: "other" };
    // i % 3: 0 = the client acts on itself, 1 = someone (an operator, or the system,
    // which has no id) acts on the client, 2 = unrelated
    await transaction((tx) =>
      recordAuditEvents(
        tx,
        Array.from({ length: 15 }, (_, i) => ({
          orgId: org.id,
          occurredAt: new Date(Date.UTC(2030, 1, 1, 0, 0, i % 4 === 0 ? 0 : i)),
          action: "token.issued",
          actor: i % 3 === 0 ? client : i % 2 ? systemActor : { ...systemActor, id: "operator" },
          target: i % 3 === 2 ? other : client,
          metadata: { i },
        })),
      ),
    );
    const seen = (await allPages(org.slug, { clientId: "sa_mixed", limit: 3 })).map((e) => (e.metadata as { i: number }).i);
    const expected = Array.from({ length: 15 }, (_, i) => i).filter((i) => i % 3 !== 2);
    expect([...seen].sort((a, b) => a - b)).toEqual(expected);
    const all = await listAuditEvents(cliActor(), org.slug, { limit: 50 });
    expect(seen).toEqual(all.events.map((e) => (e.metadata as { i: number }).i).filter((i) => i % 3 !== 2));
    expect(all.events[0]).not.toHaveProperty("otherTargetId"); // index-only, never shown
  });

  it("pages through events that share a timestamp exactly once each (id breaks the tie)", async () => {
    const org = await makeOrg();
    const at = new Date(Date.UTC(2030, 0, 2));
    await transaction((tx) =>
      recordAuditEvents(tx, Array.from({ length: 7 }, () => ({ orgId: org.id, occurredAt: at, action: "token.issued", actor: systemActor }))),
    );
    const seen = (await allPages(org.slug, { limit: 3 })).map((e) => e.seq);
    expect([...seen].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("pages newest first by keyset cursor, with filters", async () => {
    const org = await orgWithEvents(25);
    const seen = (await allPages(org.slug, { limit: 10 })).map((e) => e.seq);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 25 - i));
    const denied = await listAuditEvents(cliActor(), org.slug, { action: "token.denied", clientId: "sa_odd" });
    expect(denied.events.every((e) => e.action === "token.denied" && e.targetId === "sa_odd")).toBe(true);
    expect(denied.events).toHaveLength(4); // i = 3, 9, 15, 21
    const windowed = await listAuditEvents(cliActor(), org.slug, { from: "2030-01-01T00:00:10Z", to: "2030-01-01T00:00:20Z" });
    expect(windowed.events.map((e) => e.seq)).toEqual(Array.from({ length: 10 }, (_, i) => 20 - i));
    await expect(listAuditEvents(cliActor(), org.slug, { cursor: "garbage" })).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("exports CSV safely and JSON Lines faithfully, and records the export", async () => {
    const org = await orgWithEvents(7);
    const csv = await collect((await exportAuditEvents(cliActor(), org.slug, { format: "csv" })).lines);
    const rows = csv.trimEnd().split("\r\n");
    expect(rows[0]).toBe("seq,occurredAt,actorType,actorId,actorLabel,action,targetType,targetId,targetLabel,outcome,reason,clientIp,userAgent,requestId,metadata,prevHash,hash");
    expect(rows).toHaveLength(1 + 7 + 1); // header, the 7 events, and the export's own event, recorded before reading
    expect(rows.at(-1)).toContain("audit.exported");
    expect(csv).toContain(`"'=HYPERLINK(""x""),""quoted"""`); // quoted, and defused as a formula
    const jsonl = await collect((await exportAuditEvents(cliActor(), org.slug, { format: "jsonl", action: "token.denied" })).lines);
    const parsed = jsonl.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(parsed.map((e) => e.metadata.i)).toEqual([0, 3, 6]);
    const exports = await db().auditEvent.findMany({ where: { orgId: org.id, action: "audit.exported" } });
    expect(exports.map((e) => JSON.parse(e.metadata!).format)).toEqual(["csv", "jsonl"]);
  });

  it("is scoped to the caller's organisation", async () => {
    const org = await orgWithEvents(3);
    const stranger = await makeUser();
    await makeOrg([{ userId: stranger.id, role: "OWNER" }]);
    await expect(exportAuditEvents(actorFor(stranger), org.slug, {})).rejects.toMatchObject({ code: "not_found" });
    await expect(listAuditEvents(actorFor(stranger), org.slug, {})).rejects.toMatchObject({ code: "not_found" });
  });
});
