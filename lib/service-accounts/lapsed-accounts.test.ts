import { describe, expect, it } from "vitest";
import { db } from "../db";
import { hotTransaction } from "../db-hot";
import { orgWithServiceAccount } from "../testing/service-account-fixtures";
import { lapsedAccounts } from "./lapsed-accounts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("lapsedAccounts", () => {
  it("lets two batches check and then touch the same account at once without a deadlock", async () => {
    const { created } = await orgWithServiceAccount();
    const { id } = await db().serviceAccount.findUniqueOrThrow({ where: { clientId: created.clientId }, select: { id: true } });
    // Two instances' audit batches: each checks the account, then moves its lastUsedAt.
    // Each waits a moment for the other to have checked too, as concurrent batches would.
    let checked = 0;
    const batch = () =>
      hotTransaction(async (sql) => {
        const lapsed = await lapsedAccounts(sql, [{ accountId: id, issuedAt: new Date() }]);
        checked++;
        for (let i = 0; i < 10 && checked < 2; i++) await sleep(50);
        await sql.execute(`UPDATE "ServiceAccount" SET "lastUsedAt" = ? WHERE "id" = ?`, [new Date(), id]);
        return lapsed.size;
      });
    const outcomes = await Promise.allSettled([batch(), batch()]);
    expect(outcomes).toEqual([
      { status: "fulfilled", value: 0 },
      { status: "fulfilled", value: 0 },
    ]);
  });
});
