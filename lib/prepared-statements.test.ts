import { describe, expect, it } from "vitest";
import { HOT_MARK, preparedStatementName } from "./prepared-statements";

const query = (sql: string, parameters = 1) => ({ sql, args: Array.from({ length: parameters }, () => "x"), argTypes: [] });

describe("preparedStatementName", () => {
  it("names short hot statements, the same text always alike, and leaves everything else unnamed", () => {
    const hot = `${HOT_MARK}SELECT "id" FROM "ServiceAccount" WHERE "clientId" = $1`;
    expect(preparedStatementName(query(hot))).toMatch(/^hot_[0-9a-f]{24}$/);
    expect(preparedStatementName(query(hot))).toBe(preparedStatementName(query(hot)));
    expect(preparedStatementName(query(`${hot} `))).not.toBe(preparedStatementName(query(hot)));
    expect(preparedStatementName(query(`SELECT "id" FROM "ServiceAccount" WHERE "clientId" = $1`))).toBeUndefined();
    // A statement whose text grows with its data (here 40 rows of 20 values) is not kept per connection.
    expect(preparedStatementName(query(`${HOT_MARK}INSERT INTO "AuditEvent" VALUES ...`, 800))).toBeUndefined();
    expect(preparedStatementName(query(`${HOT_MARK}SELECT 1 WHERE "id" IN (...)`, 17))).toBeUndefined();
    expect(preparedStatementName(query(`${HOT_MARK}SELECT 1 WHERE "id" IN (...)`, 16))).toMatch(/^hot_/);
  });
});
