import { describe, expect, it } from "vitest";
import { db } from "../db";
import { hotTransaction } from "../db-hot";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { advanceLastUsed, lastUseDue, lockOrder, noteLastUseMoved } from "./last-used";

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

  it("a last use is due once both the time read and this process's own last move are over a minute old", () => {
    const t0 = new Date("2026-11-27T10:00:00.000Z");
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const key = `secret:due-${Math.random()}`;
    expect(lastUseDue(key, t0)).toBe(true);
    expect(lastUseDue(key, t0, at(-30_000))).toBe(false);
    noteLastUseMoved(key, t0);
    // A remembered row may still show an old time (or none): the move this process made counts.
    expect(lastUseDue(key, at(60_000), null)).toBe(false);
    expect(lastUseDue(key, at(60_001), null)).toBe(true);
    expect(lastUseDue(key, at(60_001), at(30_000))).toBe(false);
    // Never backwards: an older move noted late changes nothing.
    noteLastUseMoved(key, at(-120_000));
    expect(lastUseDue(key, at(30_000))).toBe(false);
    expect(lastUseDue(`secret:other-${Math.random()}`, at(30_000))).toBe(true);
  });

  it("forgets moves that decide nothing any more once it remembers many", () => {
    const t0 = new Date("2030-01-01T00:00:00.000Z");
    const prefix = `apiKey:prune-${Math.random()}:`;
    for (let i = 0; i < 10_001; i++) noteLastUseMoved(`${prefix}${i}`, t0);
    const later = new Date(t0.getTime() + 61_000);
    noteLastUseMoved(`${prefix}new`, later);
    // The old moves are gone (due again) and the new one holds.
    expect(lastUseDue(`${prefix}0`, new Date(t0.getTime() + 1_000))).toBe(true);
    expect(lastUseDue(`${prefix}new`, new Date(later.getTime() + 1_000))).toBe(false);
  });
});
