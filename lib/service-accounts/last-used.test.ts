import { describe, expect, it } from "vitest";
import { db } from "../db";
import { hotTransaction } from "../db-hot";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { advanceLastUsed, lockOrder } from "./last-used";

describe("advanceLastUsed", () => {
  it("moves lastUsedAt forward only, and not again within the resolution", async () => {
    const { created } = await orgWithServiceAccount();
    const { id } = await db().serviceAccount.findUniqueOrThrow({ where: { clientId: created.clientId }, select: { id: true } });
    const t0 = new Date("2026-11-27T10:00:00.000Z");
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const advance = (when: Date, resolutionMs?: number) => hotTransaction((sql) => advanceLastUsed(sql, "account", id, when, resolutionMs));
    const lastUsed = async () => (await db().serviceAccount.findUniqueOrThrow({ where: { id } })).lastUsedAt?.toISOString();

    expect(await advance(t0, 60_000)).toBe(1);
    expect(await advance(at(-5_000))).toBe(0); // an older time written late
    expect(await advance(at(30_000), 60_000)).toBe(0); // within the minute
    expect(await lastUsed()).toBe(t0.toISOString());
    expect(await advance(at(61_000), 60_000)).toBe(1);
    expect(await lastUsed()).toBe(at(61_000).toISOString());
  });

  it("orders rows accounts, then secrets, then keys, each by id", () => {
    const rows = [
      { table: "apiKey" as const, id: "a" },
      { table: "secret" as const, id: "b" },
      { table: "account" as const, id: "z" },
      { table: "secret" as const, id: "a" },
      { table: "account" as const, id: "c" },
    ];
    expect(rows.sort(lockOrder).map((r) => `${r.table}:${r.id}`)).toEqual(["account:c", "account:z", "secret:a", "secret:b", "apiKey:a"]);
  });
});
